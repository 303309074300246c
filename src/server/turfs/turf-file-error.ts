export interface TurfFileProblem {
  /** 1-based line of the file. */
  line: number;
  /** The file's own column name (a BAN column, or one of Qomon's address fields). */
  column?: string;
  message: string;
}

/** A turf file that cannot be imported: nothing of it was imported. */
export class TurfFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: TurfFileProblem[],
    /** Rows with a problem, which may be more than the problems listed. */
    readonly badRows = problems.length,
  ) {
    const lines = problems.map((p) => `  line ${p.line}${p.column ? `, column ${p.column}` : ''}: ${p.message}`);
    const more = badRows > problems.length ? [`  … and ${badRows - problems.length} more rows`] : [];
    super([`${file ? `${file}: ` : ''}nothing imported.`, ...lines, ...more].join('\n'));
    this.name = 'TurfFileError';
  }
}
