//! The PUT update: the changeable fields with replace semantics, append-only transmissions and
//! activities, and date rules that apply only to dates the update changes.

use super::*;

#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpdateDialogRequest {
    pub progress: Option<i32>,
    pub extended_status: Option<String>,
    pub external_reference: Option<String>,
    pub due_at: Option<DateTime<FixedOffset>>,
    pub expires_at: Option<DateTime<FixedOffset>>,
    pub process: Option<String>,
    pub preceding_process: Option<String>,
    #[serde(default)]
    pub is_api_only: bool,
    pub status: Option<DialogStatus>,
    pub content: Option<ContentInput>,
    pub search_tags: Option<Vec<ValueInput>>,
    pub attachments: Option<Vec<AttachmentInput>>,
    pub gui_actions: Option<Vec<GuiActionInput>>,
    pub api_actions: Option<Vec<ApiActionInput>>,
    pub transmissions: Option<Vec<TransmissionInput>>,
    pub activities: Option<Vec<ActivityInput>>,
}

/// What the stored dialog contributes to checking an update.
pub struct Stored<'a> {
    pub service_resource: &'a ResourceId,
    pub party: &'a Party,
    pub visible_from: Option<DateTime<Utc>>,
    pub due_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub attachments: &'a [Attachment],
    pub transmissions: &'a [Transmission],
    pub activities: &'a [Activity],
}

/// A checked update: the new state of the replaceable parts, and the items to append.
#[derive(Debug, Clone)]
pub struct DialogUpdate {
    pub dialog: NewDialog,
    pub new_transmissions: Vec<Transmission>,
    pub new_activities: Vec<Activity>,
}

impl UpdateDialogRequest {
    pub fn validate(
        &self,
        stored: &Stored,
        now: DateTime<Utc>,
        privileges: WritePrivileges,
    ) -> Result<DialogUpdate, Error> {
        let mut errors = Errors(FieldErrors::new(), FieldErrors::new());
        let status = errors.required("Status", self.status.as_ref()).copied();
        let shared = self.as_create(stored).validate(now, privileges);
        let (due_at, expires_at) = (utc(self.due_at), utc(self.expires_at));
        self.check_update_dates(&mut errors, stored, now, privileges, (due_at, expires_at));
        let (new_transmissions, new_activities) =
            self.check_appended(&mut errors, stored, now, privileges);
        if !self.is_api_only
            && stored
                .transmissions
                .iter()
                .any(|transmission| transmission.content.is_none())
        {
            errors.add(
                "IsApiOnly",
                "This dialog is locked to IsApiOnly=true, as it has transmissions without content.",
            );
        }
        let mut dialog = match (shared, errors.finish_dto()) {
            (Err(Error::Validation(mut shared)), Err(Error::Validation(own))) => {
                shared.extend(own);
                return Err(Error::Validation(shared));
            }
            (Err(error), _) | (_, Err(error)) => return Err(error),
            (Ok(dialog), Ok(())) => dialog,
        };
        self.keep_unchanged_expiry(stored, &mut dialog.attachments);
        dialog.status = status.unwrap_or(DialogStatus::NotApplicable);
        dialog.due_at = due_at;
        dialog.expires_at = expires_at;
        Ok(DialogUpdate {
            dialog,
            new_transmissions,
            new_activities,
        })
    }

    /// The update as a create of the stored dialog, for the rules the two share; attachment
    /// expiry dates left as they were are not checked (they may lie in the past).
    fn as_create(&self, stored: &Stored) -> CreateDialogRequest {
        // Unchanged attachment expiry dates may lie in the past; only new or changed ones are checked.
        let unchanged_expiry = |input: &AttachmentInput| {
            stored
                .attachments
                .iter()
                .any(|old| Some(old.id) == input.id && old.expires_at == utc(input.expires_at))
        };
        let attachments = self.attachments.clone().map(|inputs| {
            inputs
                .into_iter()
                .map(|mut input| {
                    if unchanged_expiry(&input) {
                        input.expires_at = None;
                    }
                    input
                })
                .collect()
        });
        // The shared rules run on the same fields as a create; dates and appended items are checked below.
        CreateDialogRequest {
            service_resource: Some(stored.service_resource.to_string()),
            party: Some(stored.party.to_string()),
            progress: self.progress,
            extended_status: self.extended_status.clone(),
            external_reference: self.external_reference.clone(),
            process: self.process.clone(),
            preceding_process: self.preceding_process.clone(),
            is_api_only: self.is_api_only,
            status: self.status,
            content: self.content.clone(),
            search_tags: self.search_tags.clone(),
            attachments,
            gui_actions: self.gui_actions.clone(),
            api_actions: self.api_actions.clone(),
            ..CreateDialogRequest::default()
        }
    }

    /// Attachments whose expiry date the update left as it was keep the stored date.
    fn keep_unchanged_expiry(&self, stored: &Stored, attachments: &mut [Attachment]) {
        for attachment in attachments.iter_mut() {
            if let Some(old) = stored
                .attachments
                .iter()
                .find(|old| old.id == attachment.id)
                && attachment.expires_at.is_none()
                && self.attachments.iter().flatten().any(|input| {
                    input.id == Some(old.id) && utc(input.expires_at) == old.expires_at
                })
            {
                attachment.expires_at = old.expires_at;
            }
        }
    }

    /// Only changed dates must lie ahead. An expiry date may be removed (the dialog then never
    /// expires, and an expired one shows again), as the service owners' guide promises;
    /// upstream's validator refuses it, and accepting it breaks no client.
    fn check_update_dates(
        &self,
        errors: &mut Errors,
        stored: &Stored,
        now: DateTime<Utc>,
        privileges: WritePrivileges,
        (due_at, expires_at): (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    ) {
        if due_at != stored.due_at {
            errors.future("DueAt", due_at, now, privileges);
        }
        if expires_at != stored.expires_at {
            errors.future("ExpiresAt", expires_at, now, privileges);
        }
        if let (Some(due), Some(visible)) = (due_at, stored.visible_from)
            && due < visible
            && !privileges.admin
        {
            errors.add("DueAt", "'DueAt' must be after 'VisibleFrom'.");
        }
        if let (Some(expires), Some(visible)) = (expires_at, stored.visible_from)
            && expires < visible
        {
            errors.add("ExpiresAt", "'ExpiresAt' must be after 'VisibleFrom'.");
        }
        if let (Some(expires), Some(due)) = (expires_at, due_at)
            && expires < due
        {
            errors.add("ExpiresAt", "'ExpiresAt' must be after 'DueAt'.");
        }
    }

    /// New transmissions and activities; ids the dialog already has are refused (422), each kind
    /// in one message under its member, as upstream's update command words it.
    fn check_appended(
        &self,
        errors: &mut Errors,
        stored: &Stored,
        now: DateTime<Utc>,
        privileges: WritePrivileges,
    ) -> (Vec<Transmission>, Vec<Activity>) {
        let mut all: Vec<Transmission> = stored.transmissions.to_vec();
        let mut transmissions = Vec::new();
        let mut existing = Vec::new();
        for (index, input) in self.transmissions.iter().flatten().enumerate() {
            let path = format!("Transmissions[{index}]");
            if let Some(id) = input.id
                && all.iter().any(|held| held.id == id)
            {
                existing.push(id);
                continue;
            }
            let transmission =
                check_transmission(errors, &path, input, self.is_api_only, now, privileges);
            all.push(transmission.clone());
            transmissions.push(transmission);
        }
        errors.existing("Transmissions", "DialogTransmission", &existing);
        check_transmission_tree(errors, &all);
        let mut activities = Vec::new();
        let mut existing = Vec::new();
        for (index, input) in self.activities.iter().flatten().enumerate() {
            let path = format!("Activities[{index}]");
            if let Some(id) = input.id
                && stored
                    .activities
                    .iter()
                    .chain(&activities)
                    .any(|held: &Activity| held.id == id)
            {
                existing.push(id);
                continue;
            }
            activities.push(check_activity(errors, &path, input, &all, now, privileges));
        }
        errors.existing("Activities", "DialogActivity", &existing);
        (transmissions, activities)
    }
}
