export declare const ROOT: string;
export declare const SOURCE_HASH_FILE: string;
export declare function sourceHash(): string;
