-- A partner's rows in the order its list and its export read them (received_at, id), as observation_list_idx holds
-- the whole mission's. With only (mission_id, partner_client_id) each keyset page of a partner's list either read and
-- sorted all of the partner's rows or walked the mission's list to pick them out, and the export, which reads in
-- index order rather than sorting a million rows (ObservationExport.connect), would have walked the whole mission.
drop index observation_partner_idx;
create index observation_partner_idx on observation (mission_id, partner_client_id, received_at desc, id desc)
    where partner_client_id is not null;
