#!/usr/bin/env node
// Entry point for the `tandem` command. The sources are TypeScript run through tsx, so there is
// no separate compile step between a change and a working command (docs/decisions/001-stack.md).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
