-- Finds dialogs by service-owner label (instance lookups and label filters) without a scan.
create index dialogs_service_owner_labels_idx on dialogs using gin (service_owner_labels);
