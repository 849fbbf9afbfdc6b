// Bundled JSON (schemas) is read as data, not typed: typing 500 kB schemas would only slow the type-checker.
declare module '*.json' {
  const value: unknown;
  export default value;
}
