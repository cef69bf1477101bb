-- Partner matching and principal placement (issue #6; DOMAIN.md §8; docs/decisions/010-matching.md).
-- School coordinates already live in schools.latitude/longitude (migration 001; the NYC School
-- Explorer mapping fills them); the NC demo has none, so its travel limit is "same town" from
-- the address's city. Keyed (district_id, …) like every tenant table.

-- A strong school's stated capacity: how many schools it will partner with at once.
create table partner_capacities (
  district_id text not null,
  school_id text not null,
  capacity smallint not null check (capacity between 0 and 20),
  note text not null default '',
  set_by uuid references users (id),
  set_at timestamptz not null default now(),
  primary key (district_id, school_id),
  foreign key (district_id, school_id) references schools (district_id, id)
);

-- A recorded run of partner matching or principal placement: the settings (pins and forbids
-- included) and the full instance as solved, so it can be shown and solved again exactly, and the
-- result as it was. Placement inputs hold principals' ratings: reading them is audited.
create table match_runs (
  district_id text not null references districts (id),
  id uuid not null,
  kind text not null check (kind in ('partners', 'principals')),
  school_year smallint not null check (school_year between 1990 and 2100),
  settings jsonb not null,
  inputs jsonb not null,
  result jsonb not null,
  objective double precision not null,
  summary text not null default '',
  run_by uuid references users (id),
  run_at timestamptz not null default clock_timestamp(),
  primary key (district_id, id)
);
create index match_runs_by_time on match_runs (district_id, kind, run_at desc);

-- Open and planned principal posts: a retirement announced, a new school, a planned move.
create table principal_posts (
  district_id text not null,
  id uuid not null,
  school_id text not null,
  school_year smallint not null check (school_year between 1990 and 2100),
  reason text not null check (reason in ('retirement', 'resignation', 'new_school', 'planned_move', 'other')),
  status text not null default 'open' check (status in ('open', 'filled', 'withdrawn')),
  note text not null default '',
  created_by uuid references users (id),
  created_at timestamptz not null default now(),
  primary key (district_id, id),
  foreign key (district_id, school_id) references schools (district_id, id)
);
create unique index principal_posts_one_open on principal_posts (district_id, school_id)
  where status = 'open';

-- Residencies for aspiring principals at two host schools with mentor principals (Gwinnett
-- County, seed 000). The resident and mentors are staff records.
create table principal_residencies (
  district_id text not null,
  id uuid not null,
  resident_staff_id text not null,
  first_school_id text not null,
  first_mentor_staff_id text,
  second_school_id text not null,
  second_mentor_staff_id text,
  starts_on date not null,
  ends_on date not null,
  status text not null default 'planned' check (status in ('planned', 'in_progress', 'completed', 'withdrawn')),
  note text not null default '',
  created_by uuid references users (id),
  created_at timestamptz not null default now(),
  primary key (district_id, id),
  foreign key (district_id, resident_staff_id) references staff (district_id, id),
  foreign key (district_id, first_school_id) references schools (district_id, id),
  foreign key (district_id, second_school_id) references schools (district_id, id),
  foreign key (district_id, first_mentor_staff_id) references staff (district_id, id),
  foreign key (district_id, second_mentor_staff_id) references staff (district_id, id),
  check (first_school_id <> second_school_id),
  check (ends_on >= starts_on)
);
