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
      {summary.flags.length > 0 && (
        <table class="data-table">
          <caption>Flags (customers who raised each at least once)</caption>
          <thead>
            <tr>
              <th scope="col">Flag</th>
              <th scope="col" class="number">
                Current
              </th>
              <th scope="col" class="number">
                Changed
              </th>
              <th scope="col" class="number">
                Gained
              </th>
              <th scope="col" class="number">
                Lost
              </th>
              <th scope="col">Earlier</th>
              <th scope="col">Later</th>
            </tr>
          </thead>
          <tbody>
            {summary.flags.map((f) => (
              <tr key={f.flag}>
                <td>{f.flag}</td>
                <td class="number">{formatCount(f.customers.current)}</td>
                <td class="number">{formatCount(f.customers.changed)}</td>
                <td class="number">{formatCount(f.gained)}</td>
                <td class="number">{formatCount(f.lost)}</td>
                <td>{shift(f.earlier)}</td>
                <td>{shift(f.later)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {summary.commands.length > 0 && (
        <table class="data-table">
          <caption>Commands</caption>
          <thead>
            <tr>
              <th scope="col">Command</th>
              <th scope="col" class="number">
                Current
              </th>
              <th scope="col" class="number">
                Changed
              </th>
              <th scope="col" class="number">
                Added
              </th>
              <th scope="col" class="number">
                Removed
              </th>
              <th scope="col">Earlier</th>
              <th scope="col">Later</th>
            </tr>
          </thead>
          <tbody>
            {summary.commands.map((c) => (
              <tr key={c.type}>
                <td>{c.type}</td>
                <td class="number">{formatCount(c.count.current)}</td>
                <td class="number">{formatCount(c.count.changed)}</td>
                <td class="number">{formatCount(c.added)}</td>
                <td class="number">{formatCount(c.removed)}</td>
                <td>{shift(c.earlier)}</td>
                <td>{shift(c.later)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
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
