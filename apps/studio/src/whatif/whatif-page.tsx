import { useState } from 'preact/hooks';
import { routeHash } from '../app/route';
import { EmptyState } from '../ui/empty-state';
import { formatCount, formatTime } from '../ui/format';
import {
  readWhatIfReport,
  reportStore,
  type Decision,
  type Example,
  type QualityFigure,
  type Shift,
  type WhatIfReport,
} from './whatif-report';

/**
 * A what-if report (`npm run whatif -- --format json --out report.json`) opened from a file: what
 * changed, how decisions moved, and example customers, each a link to their timeline at the input
 * where the two machines first decided differently. The report is read in the browser; nothing is
 * sent to the engine.
 */
export function WhatIfPage() {
  const [opened, setOpened] = useState(() => reportStore.read());
  const [problem, setProblem] = useState<string | null>(null);

  const open = async (file: File) => {
    const text = await file.text();
    try {
      const report = readWhatIfReport(text);
      reportStore.save(file.name, text);
      setOpened({ name: file.name, report });
      setProblem(null);
    } catch (error) {
      setProblem(
        `${file.name} is not a what-if report Studio can show: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };

  return (
    <section class="whatif-page" aria-labelledby="whatif-title">
      <div class="toolbar">
        <h1 id="whatif-title">What-if{opened !== null && <span class="state-title">: {opened.name}</span>}</h1>
        <label class="file-picker">
          Open a report
          <input
            type="file"
            accept="application/json,.json"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              if (file !== undefined) void open(file);
              e.currentTarget.value = '';
            }}
          />
        </label>
        {opened !== null && (
          <button
            type="button"
            class="link"
            onClick={() => {
              reportStore.forget();
              setOpened(null);
            }}
          >
            Close
          </button>
        )}
      </div>
      {problem !== null && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
      {opened === null ? (
        <EmptyState title="No what-if report open.">
          <p>
            Write one with <code>npm run whatif -- --change settings.json --format json --out report.json</code> (or{' '}
            <code>npm run upgrade -- --plan --format json --out plan.json</code>) and open it here. It is read in this
            tab only.
          </p>
        </EmptyState>
      ) : (
        <Report report={opened.report} />
      )}
    </section>
  );
}

const shift = ({ count, medianHours }: Shift): string =>
  count === 0 ? '0' : `${formatCount(count)} (median ${medianHours === null ? '—' : `${medianHours.toFixed(1)} h`})`;

const figure = (unit: QualityFigure['unit'], value: number | null): string =>
  value === null
    ? '—'
    : unit === 'ratio'
      ? value.toFixed(3)
      : unit === 'days'
        ? `${value.toFixed(1)} d`
        : formatCount(value);

const decisions = (list: readonly Decision[]): string =>
  list.length === 0
    ? 'nothing'
    : list.map((d) => `${d.name}${d.detail === undefined ? '' : ` (${d.detail})`}`).join(', ');

function Report({ report }: { readonly report: WhatIfReport }) {
  const { change, window, summary, quality } = report;
  return (
    <div class="whatif-report">
      <p class="summary">
        Version <strong>{change.current.version}</strong> ({change.current.machine}) against{' '}
        <strong>{change.changed.version}</strong> ({change.changed.machine}) · {change.source} · decisions from{' '}
        {formatTime(window.from)} to {formatTime(window.to)}
      </p>
      {change.settings.length > 0 && (
        <table class="data-table">
          <caption>Settings changed</caption>
          <thead>
            <tr>
              <th scope="col">Setting</th>
              <th scope="col">Current</th>
              <th scope="col">Changed</th>
            </tr>
          </thead>
          <tbody>
            {change.settings.map((s) => (
              <tr key={s.setting}>
                <td>{s.setting}</td>
                <td>{JSON.stringify(s.current)}</td>
                <td>{JSON.stringify(s.changed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ul class="whatif-totals" aria-label="Totals">
        <li>
          <strong>{formatCount(summary.customers)}</strong> customers folded ({formatCount(summary.inputs)} inputs)
        </li>
        <li>
          <strong>{formatCount(summary.decisionsDiffer)}</strong> decide differently
        </li>
        <li>
          <strong>{formatCount(summary.finalStateDiffers)}</strong> end in another state
        </li>
      </ul>
      <ChangeTable
        caption="Flags (customers who raised each at least once)"
        names={['Flag', 'Gained', 'Lost']}
        rows={summary.flags.map((f) => ({
          name: f.flag,
          count: f.customers,
          gained: f.gained,
          lost: f.lost,
          earlier: f.earlier,
          later: f.later,
        }))}
      />
      <ChangeTable
        caption="Commands"
        names={['Command', 'Added', 'Removed']}
        rows={summary.commands.map((c) => ({
          name: c.type,
          count: c.count,
          gained: c.added,
          lost: c.removed,
          earlier: c.earlier,
          later: c.later,
        }))}
      />
      {quality !== null && (
        <table class="data-table">
          <caption>
            Against ground truth ({formatCount(quality.customers)} customers of {quality.truth})
          </caption>
          <thead>
            <tr>
              <th scope="col">Figure</th>
              <th scope="col" class="number">
                Current
              </th>
              <th scope="col" class="number">
                Changed
              </th>
            </tr>
          </thead>
          <tbody>
            {quality.figures.map((q) => (
              <tr key={q.name}>
                <td>{q.name}</td>
                <td class="number">{figure(q.unit, q.current)}</td>
                <td class="number">{figure(q.unit, q.changed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Examples</h2>
      {summary.examples.length === 0 ? (
        <p class="muted">No customer decides differently.</p>
      ) : (
        <ol class="whatif-examples">
          {summary.examples.map((example, i) => (
            <ExampleItem key={`${example.kind}-${example.customerId}-${i}`} example={example} />
          ))}
        </ol>
      )}
    </div>
  );
}

/** One row of a flag or a command under both machines. */
type ChangeRow = {
  readonly name: string;
  readonly count: { readonly current: number; readonly changed: number };
  readonly gained: number;
  readonly lost: number;
  readonly earlier: Shift;
  readonly later: Shift;
};

/** Flags or commands under both machines; nothing when there are none. */
function ChangeTable(props: {
  readonly caption: string;
  /** Headers of the name column and of what only the changed, and only the current, machine does. */
  readonly names: readonly [string, string, string];
  readonly rows: readonly ChangeRow[];
}) {
  const [name, gained, lost] = props.names;
  if (props.rows.length === 0) return null;
  return (
    <table class="data-table">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{name}</th>
          {['Current', 'Changed', gained, lost].map((header) => (
            <th key={header} scope="col" class="number">
              {header}
            </th>
          ))}
          <th scope="col">Earlier</th>
          <th scope="col">Later</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr key={row.name}>
            <td>{row.name}</td>
            {[row.count.current, row.count.changed, row.gained, row.lost].map((n, i) => (
              <td key={i} class="number">
                {formatCount(n)}
              </td>
            ))}
            <td>{shift(row.earlier)}</td>
            <td>{shift(row.later)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ExampleItem({ example }: { readonly example: Example }) {
  const divergence = example.firstDivergence;
  const input = divergence?.input ?? null;
  const travel = input === null ? null : { revision: String(input.revision) };
  const href = routeHash({ view: 'customer', customerId: example.customerId, travel });
  return (
    <li class="whatif-example">
      <p>
        <span class="badge">{example.kind}</span> <a href={href}>{example.customerId}</a>: {example.what}
      </p>
      {divergence !== null && (
        <p class="muted">
          {input === null
            ? 'First different after the last input, as time passed to the horizon'
            : `First different on input ${input.revision} (${input.type}, ${formatTime(input.at)})`}
          : the current machine decided {decisions(divergence.current)}; the changed one {decisions(divergence.changed)}
          .
        </p>
      )}
    </li>
  );
}
