/**
 * seclog's metrics from the pipeline worker, on the application's MeterProvider. A MeterProvider cannot cross threads,
 * so the worker's components get a recording one: counters keep their increments and observable gauges their
 * callbacks; a report (at most once a second, and before every flush or shutdown answer) carries the increments and
 * the gauges' current values to the application's thread, which adds them to instruments of the same meter, name,
 * description and unit. The counts are the inline pipeline's (`seclog.records.dropped{reason}`, …), a report late.
 */
import {
  type Attributes,
  type Counter,
  createNoopMeter,
  type Meter,
  type MeterProvider,
  type MetricOptions,
  type ObservableCallback,
  type ObservableGauge,
  type ObservableResult,
} from '@opentelemetry/api';

/** One instrument's data in a report. */
export interface MetricPoints {
  readonly meter: string;
  readonly name: string;
  readonly options: MetricOptions;
  /** Counters: the increments since the last report; gauges: the values observed now. */
  readonly points: readonly { readonly attributes: Attributes; readonly value: number }[];
}

/** What the worker sends: counter increments and gauge values (plain data). */
export interface MetricReport {
  readonly counters: readonly MetricPoints[];
  readonly gauges: readonly MetricPoints[];
}

interface RecordedInstrument {
  readonly meter: string;
  readonly name: string;
  readonly options: MetricOptions;
}

/** Worker side: a MeterProvider that records what seclog's components measure, for {@link MetricReplay}. */
export class RecordingMeterProvider implements MeterProvider {
  readonly #counters = new Map<
    string,
    RecordedInstrument & { deltas: Map<string, { attributes: Attributes; value: number }> }
  >();
  readonly #gauges = new Map<string, RecordedInstrument & { callbacks: ObservableCallback[] }>();

  getMeter(name: string): Meter {
    const noop = createNoopMeter();
    const meter = Object.create(noop) as Meter;
    meter.createCounter = (instrument: string, options: MetricOptions = {}): Counter => {
      const key = `${name}\u0000${instrument}`;
      let recorded = this.#counters.get(key);
      if (!recorded) {
        recorded = { meter: name, name: instrument, options: plainOptions(options), deltas: new Map() };
        this.#counters.set(key, recorded);
      }
      const deltas = recorded.deltas;
      return {
        add(value: number, attributes: Attributes = {}) {
          if (!(value > 0)) return;
          const k = attributeKey(attributes);
          const d = deltas.get(k);
          if (d) d.value += value;
          else deltas.set(k, { attributes: { ...attributes }, value });
        },
      };
    };
    meter.createObservableGauge = (instrument: string, options: MetricOptions = {}): ObservableGauge => {
      const key = `${name}\u0000${instrument}`;
      let recorded = this.#gauges.get(key);
      if (!recorded) {
        recorded = { meter: name, name: instrument, options: plainOptions(options), callbacks: [] };
        this.#gauges.set(key, recorded);
      }
      const callbacks = recorded.callbacks;
      return {
        addCallback: (cb: ObservableCallback) => {
          callbacks.push(cb);
        },
        removeCallback: (cb: ObservableCallback) => {
          const i = callbacks.indexOf(cb);
          if (i >= 0) callbacks.splice(i, 1);
        },
      };
    };
    return meter;
  }

  /** The increments since the last report and the gauges' values now; `undefined` when there is nothing to say. */
  report(): MetricReport | undefined {
    const counters: MetricPoints[] = [];
    for (const c of this.#counters.values()) {
      if (c.deltas.size === 0) continue;
      counters.push({ meter: c.meter, name: c.name, options: c.options, points: [...c.deltas.values()] });
      c.deltas.clear();
    }
    const gauges: MetricPoints[] = [];
    for (const g of this.#gauges.values()) {
      const points: { attributes: Attributes; value: number }[] = [];
      const result: ObservableResult = {
        observe: (value: number, attributes: Attributes = {}) => {
          points.push({ attributes: { ...attributes }, value });
        },
      };
      for (const cb of g.callbacks) {
        try {
          void cb(result);
        } catch {
          // A failing callback loses its own values only, as in the SDK.
        }
      }
      if (points.length > 0) gauges.push({ meter: g.meter, name: g.name, options: g.options, points });
    }
    return counters.length === 0 && gauges.length === 0 ? undefined : { counters, gauges };
  }
}

/** Application side: adds the worker's reports to the application's MeterProvider. */
export class MetricReplay {
  readonly #provider: MeterProvider;
  readonly #counters = new Map<string, Counter>();
  readonly #gauges = new Map<string, Map<string, { attributes: Attributes; value: number }>>();

  constructor(provider: MeterProvider) {
    this.#provider = provider;
  }

  apply(report: MetricReport): void {
    for (const c of report.counters) {
      const key = `${c.meter}\u0000${c.name}`;
      let counter = this.#counters.get(key);
      if (!counter) {
        counter = this.#provider.getMeter(c.meter).createCounter(c.name, c.options);
        this.#counters.set(key, counter);
      }
      for (const p of c.points) counter.add(p.value, p.attributes);
    }
    for (const g of report.gauges) {
      const key = `${g.meter}\u0000${g.name}`;
      let values = this.#gauges.get(key);
      if (!values) {
        const latest = new Map<string, { attributes: Attributes; value: number }>();
        values = latest;
        this.#gauges.set(key, latest);
        this.#provider
          .getMeter(g.meter)
          .createObservableGauge(g.name, g.options)
          .addCallback((result) => {
            for (const p of latest.values()) result.observe(p.value, p.attributes);
          });
      }
      for (const p of g.points) values.set(attributeKey(p.attributes), p);
    }
  }
}

function plainOptions(options: MetricOptions): MetricOptions {
  const out: { description?: string; unit?: string } = {};
  if (typeof options.description === 'string') out.description = options.description;
  if (typeof options.unit === 'string') out.unit = options.unit;
  return out;
}

function attributeKey(attributes: Attributes): string {
  return JSON.stringify(Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
