export declare function newestSource(dir: string): number;
export declare function isBundleCurrent(bundle: string, srcDir: string): boolean;
export declare const NODE_BUNDLE_OPTIONS: {
  bundle: true;
  platform: 'node';
  format: 'esm';
  target: string;
  packages: 'external';
  logLevel: 'error';
};
