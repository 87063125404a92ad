import { createHmac, randomBytes } from 'node:crypto';
import type { Bundle } from '../../model/bundle.js';
import type { Report } from '../../model/report.js';
import { AddressMapper } from './ip.js';
import { type Kind, vocabulary } from './vocabulary.js';

export interface RedactOptions {
  /** Secret for the pseudonyms; the same key gives the same pseudonyms across runs. Random when absent. */
  key?: string;
}

/** What `--redact-map` writes: every original and its pseudonym. Never part of a report. */
export interface RedactionMap {
  names: Record<string, string>;
  addresses: Record<string, string>;
}

const IPV4 = /(?<![\w.])(\d{1,3}(?:\.\d{1,3}){3})(\/\d{1,2})?(?![\w]|\.\d)/g;
const IPV6 = /(?<![\w:.])((?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{0,4}|\d{1,3}(?:\.\d{1,3}){3}))(\/\d{1,3})?(?![\w:])/g;
/** A run of name characters; a known name is looked up as a whole run or as a `-`/`.`-separated part of one. */
const TOKEN = /[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/g;
const PREFIX: Record<Kind, string> = { node: 'node', pod: 'pod', namespace: 'ns', label: 'label', cluster: 'cluster', service: 'svc' };

/**
 * Pseudonymises every string of a report with one mapping: names found in the bundle (nodes, pods, namespaces,
 * label values, hostnames, the cluster name, services) and every IP address, whatever field or excerpt it is in.
 */
export class Redactor {
  private readonly key: Buffer;
  private readonly names = new Map<string, string>();
  private readonly addresses: AddressMapper;
  /** The longest name made of N separated parts, so a run is only cut into parts that can match. */
  private maxParts = 1;
  private readonly used = new Set<string>();

  /** `bundle` may be null for a redactor that learns its names from several bundles ({@link learn}). */
  constructor(bundle: Bundle | null, options: RedactOptions = {}) {
    this.key = options.key ? Buffer.from(options.key, 'utf8') : randomBytes(32);
    this.addresses = new AddressMapper(this.key);
    if (bundle) this.learn(bundle);
  }

  /**
   * Adds a bundle's names to the mapping; names already known keep their pseudonym. One redactor that learned both
   * bundles of a diff gives both reports the same pseudonyms, so they still match.
   */
  learn(bundle: Bundle): void {
    for (const [name, kind] of vocabulary(bundle)) {
      if (this.names.has(name)) continue;
      let pseudonym = this.pseudonym(kind, name, 0);
      for (let n = 1; this.used.has(pseudonym); n++) pseudonym = this.pseudonym(kind, name, n);
      this.used.add(pseudonym);
      this.names.set(name, pseudonym);
      this.maxParts = Math.max(this.maxParts, name.split(/[-.]/).length);
    }
  }

  private pseudonym(kind: Kind, name: string, attempt: number): string {
    const digest = createHmac('sha256', this.key).update(`${kind}\0${name}\0${attempt}`).digest('hex');
    return `${PREFIX[kind]}-${digest.slice(0, 8)}`;
  }

  text(input: string): string {
    const addressed = input.replace(IPV4, (m, addr: string, len: string | undefined) => this.address(m, addr, len)).replace(IPV6, (m, addr: string, len: string | undefined) => this.address(m, addr, len));
    return addressed.replace(TOKEN, (run) => this.run(run));
  }

  private address(match: string, addr: string, len: string | undefined): string {
    const mapped = this.addresses.map(`${addr}${len ?? ''}`);
    return mapped === `${addr}${len ?? ''}` ? match : mapped;
  }

  /** A whole run that is a name, or the longest names inside it, left to right. */
  private run(run: string): string {
    const whole = this.names.get(run);
    if (whole !== undefined) return whole;
    const parts = run.split(/([-.])/);
    if (parts.length === 1) return run;
    // parts alternates words and separators: words at even indexes.
    const out: string[] = [];
    let i = 0;
    while (i < parts.length) {
      let matched = false;
      for (let end = Math.min(parts.length - 1, i + 2 * (this.maxParts - 1)); end >= i; end -= 2) {
        const candidate = parts.slice(i, end + 1).join('');
        const pseudonym = this.names.get(candidate);
        if (pseudonym !== undefined) {
          out.push(pseudonym);
          i = end + 1;
          matched = true;
          break;
        }
      }
      if (!matched) {
        out.push(parts[i] as string);
        if (i + 1 < parts.length) out.push(parts[i + 1] as string);
        i += 2;
      }
    }
    return out.join('');
  }

  /** A deep copy of `value` with every string value (and Map key) redacted; typed arrays kept. */
  value<T>(value: T): T {
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (value === null || typeof value !== 'object') return value;
    if (ArrayBuffer.isView(value)) return value;
    if (Array.isArray(value)) return value.map((v) => this.walk(v));
    if (value instanceof Map) return new Map([...value].map(([k, v]) => [this.walk(k), this.walk(v)]));
    if (value instanceof Set) return new Set([...value].map((v) => this.walk(v)));
    const out: Record<string, unknown> = {};
    // Keys are field names (the report keys nothing by node or pod), and a label value can equal one.
    for (const [k, v] of Object.entries(value)) out[k] = this.walk(v);
    return out;
  }

  map(): RedactionMap {
    return { names: Object.fromEntries([...this.names].sort()), addresses: Object.fromEntries([...this.addresses.mapped].sort()) };
  }
}

/**
 * The report with names and addresses pseudonymised. The check catalog's built-in docs hold no bundle data and
 * stay as written; so do the generator and bundle format fields.
 */
export function redactReport(report: Report, redactor: Redactor): Report {
  const { catalog, generator, ...rest } = report;
  const redacted = redactor.value(rest);
  return { ...redacted, catalog, generator, bundle: { ...redacted.bundle, name: redactor.text(report.bundle.name), format: report.bundle.format } };
}
