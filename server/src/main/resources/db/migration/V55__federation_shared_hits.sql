-- Issue 15: hits flow up under sharing agreements too. A regional node sends the publishing (national) organisation
-- the hits it may see there under the regions' sharing agreements (hits on shared cameras, on the camera owner's own
-- lists); they are kept with the hits reported on published lists, without a list of the publisher's.
alter table federation_hit alter column list_id drop not null;   -- null: a hit on the region's own list, shared under an agreement
create index federation_hit_shared on federation_hit (observed_at) where list_id is null;
