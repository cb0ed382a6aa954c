/**
 * "Filter by person" and "by organisation": two selects over the people who took part
 * (suggestion authors, thread participants) and organisations. Shared by the suggestions
 * panel and the workspace's thread list.
 */
export interface FilterPerson {
  id: string;
  name: string;
  organisation: { id: string; name: string };
}

export interface PeopleFiltersProps {
  people: readonly FilterPerson[];
  organisations: readonly { id: string; name: string }[];
  person: string;
  organisation: string;
  onPerson: (id: string) => void;
  onOrganisation: (id: string) => void;
  labels: { person: string; everyone: string; organisation: string; allOrganisations: string };
}

export function PeopleFilters({ people, organisations, person, organisation, onPerson, onOrganisation, labels }: PeopleFiltersProps) {
  return (
    <>
      <label className="field">
        <span>{labels.person}</span>
        <select value={person} onChange={(event) => onPerson(event.target.value)}>
          <option value="">{labels.everyone}</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.organisation.name})
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{labels.organisation}</span>
        <select value={organisation} onChange={(event) => onOrganisation(event.target.value)}>
          <option value="">{labels.allOrganisations}</option>
          {organisations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
