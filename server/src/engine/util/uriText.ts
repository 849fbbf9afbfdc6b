/**
 * A URI's text decoded (`%20` a space); as written where an escape is malformed: an editor may send `100%.yaml` with
 * its `%` left alone, and a file name is never a reason to fail.
 */
export function decodedUri(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The name of the file a URI ends with, decoded. */
export const uriFileName = (uri: string) => decodedUri(uri.slice(uri.lastIndexOf('/') + 1));
