/** The folder holding a file, as a URI ending in `/` (`file:///repo/base/`). */
export const folderOf = (uri: string) => uri.slice(0, uri.lastIndexOf('/') + 1);
