/** The labelled fields of the views' filter forms. */

import type { JSX } from 'preact';
import type { KnownTarget } from './context';
import { targetTypeOptions } from './target-options';

export function TextField(props: {
  id: string;
  label: string;
  value: string;
  onInput: (event: JSX.TargetedEvent<HTMLInputElement>) => void;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input id={props.id} type="text" autocomplete="off" spellcheck={false} value={props.value} onInput={props.onInput} />
    </div>
  );
}

/** A select whose first option, "Any", leaves the field out of the filter. */
export function SelectField(props: {
  id: string;
  label: string;
  value: string;
  options: readonly string[];
  onChange: (event: JSX.TargetedEvent<HTMLSelectElement>) => void;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={props.onChange}>
        <option value="">Any</option>
        {props.options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The target types the stats have seen, and the one chosen even when it is no longer among them. */
export function TargetField(props: {
  id: string;
  knownTargets: KnownTarget[];
  value: string;
  onChange: (event: JSX.TargetedEvent<HTMLSelectElement>) => void;
}) {
  return (
    <SelectField
      id={props.id}
      label="Target"
      value={props.value}
      options={targetTypeOptions(props.knownTargets, props.value)}
      onChange={props.onChange}
    />
  );
}
