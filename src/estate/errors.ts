/** A problem with the user's configuration: the CLI prints it and exits 2. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }

  /** "junction.yaml:12 systems[0].baseUrl: baseUrl must be an http(s) URL" */
  describe(): string {
    const where = [this.file, this.line].filter((part) => part !== undefined).join(':');
    const field = this.field ? `${this.field}: ` : '';
    return `${where ? `${where} ` : ''}${field}${this.message}`;
  }
}
