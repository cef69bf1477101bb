// Distances for the travel limit: great-circle distance by the haversine formula (Sinnott,
// "Virtues of the Haversine", Sky & Telescope 68(2), 1984) on a sphere of the mean Earth radius
// 6,371.0088 km (IUGG). Straight-line, not road distance: a stated simplification.
import type { Location } from './types.ts';

const EARTH_RADIUS_KM = 6371.0088;

export function distanceKm(a: Location, b: Location): number | null {
  if (a.latitude === null || a.longitude === null || b.latitude === null || b.longitude === null) {
    return null;
  }
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function sameCity(a: Location, b: Location): boolean {
  const norm = (s: string | null) => (s ?? '').trim().toLowerCase();
  return norm(a.city) !== '' && norm(a.city) === norm(b.city);
}
