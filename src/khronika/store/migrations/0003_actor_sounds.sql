-- 0003: blocking keys so that resolving a new name does not scan every known actor, and
-- linking looks only at incidents in the same country.
ALTER TABLE actor_aliases ADD COLUMN sound TEXT;
CREATE INDEX actor_aliases_sound ON actor_aliases(sound);
CREATE INDEX incidents_country_dates ON incidents(country, date_earliest);
-- Incidents dated only to a year or a long range: looked up separately, so that the window
-- scanned for day- and month-precise incidents stays short.
ALTER TABLE incidents ADD COLUMN date_wide INTEGER NOT NULL DEFAULT 0;
CREATE INDEX incidents_wide ON incidents(date_earliest) WHERE date_wide = 1;
CREATE INDEX event_links_doc ON event_links(doc_id);
CREATE INDEX incident_actors_incident ON incident_actors(incident_id);
CREATE INDEX incidents_seq ON incidents(created_seq);
CREATE INDEX incidents_place_dates ON incidents(place_id, date_earliest);
