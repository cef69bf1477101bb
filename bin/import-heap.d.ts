export declare const IMPORT_HEAP_MB: number;
export declare function importHeapFlags(env?: NodeJS.ProcessEnv): string[];
export declare function importEnv(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export declare const IMPORT_SEMI_SPACE_MB: number;
