import { Lexer, Parser, type CST } from 'yaml';
import { NestingMeter } from './nesting';

/**
 * A YAML text parsed to syntax tokens a slice at a time, so that a host can answer requests between slices: the
 * lexing and parsing of a large document are three quarters of its analysis. The tokens are what the parser would
 * give for the whole text at once; parseDocuments composes them. Each lexeme is measured before the parser takes it
 * (see NestingMeter): a text that nests too deep is not parsed further.
 */
export class StagedParse {
  readonly tokens: CST.Token[] = [];
  private readonly lexemes: Iterator<string>;
  private readonly parser = new Parser();
  private readonly meter = new NestingMeter();
  private finished = false;
  /**
   * Set when the text nests too deep, or the parser failed (it ran out of stack): the text is left to be parsed whole,
   * where that is reported.
   */
  failed = false;

  constructor(readonly text: string) {
    this.lexemes = new Lexer().lex(text);
  }

  /** Parses up to `count` more lexemes; whether the text is parsed to its end. */
  advance(count: number): boolean {
    try {
      for (let i = 0; i < count && !this.finished; i++) {
        const next = this.lexemes.next();
        if (next.done) {
          for (const token of this.parser.end()) this.tokens.push(token);
          this.finished = true;
        } else if (this.meter.next(next.value) !== undefined) {
          this.failed = this.finished = true;
        } else {
          for (const token of this.parser.next(next.value)) this.tokens.push(token);
        }
      }
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      this.failed = this.finished = true;
    }
    return this.finished;
  }
}
