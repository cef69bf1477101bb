export declare function newestSource(dir: string): number;
export declare function isBundleCurrent(bundle: string, srcDir: string): boolean;
