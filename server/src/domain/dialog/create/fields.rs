//! A dialog's own fields that need more than a length check: its service resource, party
//! and process.

use super::*;

impl CreateDialogRequest {
    /// The service resource as stored (its URN), or empty with the errors noted.
    pub(super) fn check_service_resource(&self, errors: &mut Errors) -> ResourceId {
        match errors.required("ServiceResource", self.service_resource.as_ref()) {
            Some(value) => match ResourceId::parse(value) {
                Ok(resource) => resource,
                Err(_) if !value.starts_with(RESOURCE_PREFIX) => {
                    errors.add(
                        "ServiceResource",
                        format!("'ServiceResource' must start with '{RESOURCE_PREFIX}'."),
                    );
                    ResourceId::stand_in()
                }
                Err(error) => {
                    errors.add("ServiceResource", error.to_string());
                    ResourceId::stand_in()
                }
            },
            None => ResourceId::stand_in(),
        }
    }

    /// The party as stored (its URN), or empty with the error noted.
    /// The party; when it is missing or invalid, the error is reported and a stand-in takes its
    /// place, which [`CreateDialogRequest::validate`] never returns.
    pub(super) fn check_party(&self, errors: &mut Errors) -> Party {
        let stand_in = || Party::SelfIdentified(String::new());
        match errors.required("Party", self.party.as_ref()) {
            Some(value) => Party::parse(value).unwrap_or_else(|_| {
                errors.add("Party", PARTY_FORMAT);
                stand_in()
            }),
            None => stand_in(),
        }
    }

    /// The process and the preceding one: URIs, and no preceding process without a process.
    pub(super) fn check_process(&self, errors: &mut Errors) -> (Option<String>, Option<String>) {
        let process = errors.uri("Process", self.process.as_ref(), MAX_URI_LENGTH);
        let preceding_process = errors.uri(
            "PrecedingProcess",
            self.preceding_process.as_ref(),
            MAX_URI_LENGTH,
        );
        if self.preceding_process.is_some() && process.is_none() {
            errors.add(
                "Process",
                "Process must not be empty when PrecedingProcess is set.",
            );
        }
        (process, preceding_process)
    }
}
