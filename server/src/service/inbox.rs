//! The inbox's rules, whichever front door shows it.

use crate::authz::decision::Registry;

/// Service owners as (code, name in `language`, else bokmål, else the code), by name.
pub fn owner_names(registry: &Registry, language: &str) -> Vec<(String, String)> {
    let mut names: Vec<(String, String)> = registry
        .resources()
        .map(|resource| {
            let name = resource
                .owner_name
                .iter()
                .find(|(code, _)| *code == language)
                .or_else(|| resource.owner_name.iter().find(|(code, _)| *code == "nb"))
                .map_or_else(|| resource.owner_org.clone(), |(_, name)| name.clone());
            (resource.owner_org.clone(), name)
        })
        .collect();
    names.sort_by(|a, b| a.1.cmp(&b.1));
    names.dedup();
    names
}

/// A service owner's name in the user's language, else its code.
pub fn owner_name(registry: &Registry, org: &str, language: &str) -> String {
    owner_names(registry, language)
        .into_iter()
        .find(|(code, _)| code == org)
        .map_or_else(|| org.to_owned(), |(_, name)| name)
}
