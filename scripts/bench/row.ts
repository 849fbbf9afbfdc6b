/** A row of the benchmark's table: what was measured, the figure, its target (if it has one) and whether it holds. */
export interface Row {
  measure: string;
  result: string;
  target?: string;
  met?: boolean;
  note?: string;
}

/** The rows as a Markdown table. */
export function table(rows: readonly Row[]): string {
  const met = (row: Row) => (row.met === undefined ? '' : row.met ? 'yes' : '**no**');
  return ['| measure | result | target | met | note |', '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${[r.measure, r.result, r.target ?? '', met(r), r.note ?? ''].join(' | ')} |`)].join('\n');
}
