export declare const ROOT: string;
export declare const SOURCE_HASH_FILE: string;
export declare function sourceHash(): string;
export declare const HASHED_FOLDERS: readonly string[];
export declare const HASHED_FILES: readonly string[];
