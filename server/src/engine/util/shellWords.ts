/** A word of a shell command, its quotes removed; `expands` when the shell replaces part of it when it runs ($, `). */
export interface ShellWord {
  text: string;
  expands: boolean;
}

/**
 * The simple commands of a POSIX shell script (`sh -c "…"`) as their words: `;`, `&`, `|` and line breaks end a
 * command, single quotes keep everything, double quotes and backslashes escape as the shell does. Enough to find the
 * program a wrapper `exec`s and its arguments; a word the shell would expand is marked, not expanded.
 */
export function shellCommands(script: string): ShellWord[][] {
  const commands: ShellWord[][] = [];
  let words: ShellWord[] = [];
  let word: ShellWord | undefined;
  const add = (text: string, expands = false) => {
    word ??= { text: '', expands: false };
    word.text += text;
    word.expands ||= expands;
  };
  const endWord = () => {
    if (word) words.push(word);
    word = undefined;
  };
  const endCommand = () => {
    endWord();
    if (words.length) commands.push(words);
    words = [];
  };
  for (let i = 0; i < script.length; i++) {
    const char = script[i];
    if (char === '\\') {
      // A backslash before a line break joins the lines; before anything else it keeps that character.
      if (script[i + 1] !== '\n') add(script[i + 1] ?? '');
      i++;
    } else if (char === "'") {
      const end = script.indexOf("'", i + 1);
      add(script.slice(i + 1, end === -1 ? script.length : end));
      i = end === -1 ? script.length : end;
    } else if (char === '"') {
      add('');
      for (i++; i < script.length && script[i] !== '"'; i++) {
        if (script[i] === '\\' && '"\\$`\n'.includes(script[i + 1] ?? '')) {
          if (script[i + 1] !== '\n') add(script[i + 1]);
          i++;
        } else add(script[i], script[i] === '$' || script[i] === '`');
      }
    } else if (char === '#' && word === undefined) {
      while (i + 1 < script.length && script[i + 1] !== '\n') i++;
    } else if (char === ';' || char === '&' || char === '|' || char === '\n') {
      endCommand();
    } else if (char === ' ' || char === '\t') {
      endWord();
    } else {
      add(char, char === '$' || char === '`');
    }
  }
  endCommand();
  return commands;
}
