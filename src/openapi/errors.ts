/** A spec that cannot be read at all (missing, too large, not UTF-8, not JSON/YAML, unsafe): `spec inspect` exits 2. */
export class SpecReadError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly pointer = '',
    readonly line?: number,
  ) {
    super(message);
    this.name = 'SpecReadError';
  }

  describe(): string {
    const where = [this.file, this.pointer && `#${this.pointer}`, this.line && `line ${this.line}`]
      .filter(Boolean)
      .join(' ');
    return `${where}: ${this.message}`;
  }
}
