export declare const IMPORT_HEAP_MB: number;
export declare function importHeapFlags(env?: NodeJS.ProcessEnv): string[];
export declare const IMPORT_SEMI_SPACE_MB: number;
