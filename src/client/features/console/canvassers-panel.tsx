import { useState } from 'react';
import { signInLink, type ConsoleCanvasserAdded, type ConsoleRole } from '@shared/console-schema';
import { useAddCanvasser, useCanvassers, useChangeRole, useRevokeCanvasser, useTurfs } from './console-api';
import { useConsoleText } from './console-text';
import { QueryState } from './query-state';
import { SignInQr } from './sign-in-qr';

export function CanvassersPanel() {
  const text = useConsoleText();
  const canvassers = useCanvassers();
  const turfs = useTurfs();
  const add = useAddCanvasser();
  const revoke = useRevokeCanvasser();
  const changeRole = useChangeRole();
  const [name, setName] = useState('');
  const [role, setRole] = useState<ConsoleRole>('canvasser');
  const [added, setAdded] = useState<ConsoleCanvasserAdded>();
  const [confirming, setConfirming] = useState<string>();
  const turfName = new Map((turfs.data?.turfs ?? []).map((t) => [t.id, t.name]));

  return (
    <section aria-labelledby="canvassers-heading" className="console-panel">
      <h2 id="canvassers-heading">{text.tabs.canvassers}</h2>
      <form
        className="console-form"
        aria-labelledby="add-heading"
        onSubmit={(e) => {
          e.preventDefault();
          if (!name.trim()) return;
          add.mutate(
            { name: name.trim(), role },
            {
              onSuccess: (answer) => {
                setAdded(answer);
                setName('');
              },
            },
          );
        }}
      >
        <h3 id="add-heading">{text.addHeading}</h3>
        <label>
          {text.name}
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} autoComplete="off" />
        </label>
        <label>
          {text.role}
          <select value={role} onChange={(e) => setRole(e.target.value as ConsoleRole)}>
            <option value="canvasser">{text.roles.canvasser}</option>
            <option value="organiser">{text.roles.organiser}</option>
          </select>
        </label>
        <button type="submit" className="button button--primary" disabled={add.isPending}>
          {add.isPending ? text.adding : text.add}
        </button>
        {add.isError && <p role="alert">{text.addFailed}</p>}
      </form>

      {added && <AddedCanvasser added={added} onDone={() => setAdded(undefined)} />}

      {!canvassers.data ? (
        <QueryState isError={canvassers.isError} />
      ) : (
        <div className="console-table-wrap" tabIndex={0} role="region" aria-label={text.tableOf(text.tabs.canvassers)}>
          <table className="console-table">
            <thead>
              <tr>
                <th scope="col">{text.col.name}</th>
                <th scope="col">{text.col.role}</th>
                <th scope="col">{text.col.turfs}</th>
                <th scope="col">{text.col.actions}</th>
              </tr>
            </thead>
            <tbody>
              {canvassers.data.canvassers.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    {c.name}
                    {c.builtIn && <span className="console-tag"> ({text.builtIn})</span>}
                  </th>
                  <td>
                    {c.builtIn ? (
                      text.roles[c.role]
                    ) : (
                      <select
                        aria-label={text.roleOf(c.name)}
                        value={c.role}
                        disabled={changeRole.isPending}
                        onChange={(e) => changeRole.mutate({ id: c.id, role: e.target.value as ConsoleRole })}
                      >
                        <option value="canvasser">{text.roles.canvasser}</option>
                        <option value="organiser">{text.roles.organiser}</option>
                      </select>
                    )}
                  </td>
                  <td>{c.turfs.map((t) => turfName.get(t) ?? t).join(', ') || text.none}</td>
                  <td>
                    {c.builtIn ? null : confirming === c.id ? (
                      <span className="console-actions">
                        <button
                          type="button"
                          className="button button--danger"
                          disabled={revoke.isPending}
                          onClick={() => revoke.mutate(c.id, { onSettled: () => setConfirming(undefined) })}
                        >
                          {text.revokeConfirm(c.name)}
                        </button>
                        <button type="button" className="button button--secondary" onClick={() => setConfirming(undefined)}>
                          {text.cancel}
                        </button>
                      </span>
                    ) : (
                      <button
                        type="button"
                        className="button button--secondary"
                        aria-label={text.revokeLabel(c.name)}
                        onClick={() => setConfirming(c.id)}
                      >
                        {text.revoke}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(revoke.isError || changeRole.isError) && <p role="alert">{text.actionFailed}</p>}
    </section>
  );
}

/** The one time the code is shown: as text, as a QR code that signs in when scanned, and as the
 * link that the QR code holds. */
function AddedCanvasser({ added, onDone }: { added: ConsoleCanvasserAdded; onDone: () => void }) {
  const text = useConsoleText();
  const link = signInLink(window.location.origin, added.code);
  return (
    <div className="console-added" role="region" aria-labelledby="added-heading">
      <p id="added-heading">{text.added(added.canvasser.name)}</p>
      <p className="console-code" data-testid="access-code">
        {added.code}
      </p>
      <SignInQr text={link} label={text.qrLabel(added.canvasser.name)} />
      <p>{text.qrHint}</p>
      {/* Text, not a link: opened here, it would sign this browser in as the new canvasser. */}
      <p>
        <code className="console-link" data-testid="sign-in-link">
          {link}
        </code>
      </p>
      <button type="button" className="button button--secondary" onClick={onDone}>
        {text.done}
      </button>
    </div>
  );
}
