import type { ScoreView } from '../api/contract';

/** A score with its reasons and each signal's contribution, as the engine explains it. */
export function ScoreCard({ title, score }: { readonly title: string; readonly score: ScoreView }) {
  const level = score.score >= 70 ? 'high' : score.score >= 40 ? 'medium' : 'low';
  return (
    <section class={`score-card score--${level}`} aria-label={`${title} score`}>
      <h3>
        {title} <span class="score-value">{score.score}</span>
        <span class="muted small"> / 100</span>
      </h3>
      {score.reasons.length === 0 ? (
        <p class="muted">No reason to worry.</p>
      ) : (
        <ul class="reasons">
          {score.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
      {score.contributions.length > 0 && (
        <table class="contributions">
          <caption class="visually-hidden">Contributions to the {title} score</caption>
          <thead>
            <tr>
              <th scope="col">Signal</th>
              <th scope="col" class="number">
                Points
              </th>
            </tr>
          </thead>
          <tbody>
            {score.contributions.map((c) => (
              <tr key={c.signal}>
                <td title={c.reason}>{c.signal}</td>
                <td class="number">{c.points}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
