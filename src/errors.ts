/**
 * Operational errors: the tool could not do what was asked, through no fault of its own code. They print as one
 * line (what failed, what was expected, what was received) without a stack unless `--debug`. Any other exception
 * is a bug and prints its stack.
 */
export class OperationalError extends Error {
  constructor(
    message: string,
    readonly expected?: string,
    readonly received?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** One line for people: `what failed: expected …, received …`. */
  describe(): string {
    const parts = [this.message];
    if (this.expected) parts.push(`expected ${this.expected}`);
    if (this.received) parts.push(`received ${truncate(this.received, 120)}`);
    return parts.join('; ');
  }
}

/** Bad command line: exit code 2. */
export class UsageError extends OperationalError {}

/** The input cannot be read as a bundle at all: exit code 1. */
export class InputError extends OperationalError {}

/** The report could not be written where asked (a file in the way, a link not followed, no permission): exit code 1. */
export class OutputError extends OperationalError {}

/** A limit on untrusted input was passed. */
export class LimitExceededError extends OperationalError {
  constructor(
    message: string,
    readonly limit: string,
    readonly value: number,
  ) {
    super(message);
  }
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
