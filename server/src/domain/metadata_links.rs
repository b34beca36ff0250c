//! Links to Altinn's own descriptions of resources, roles and access packages, as upstream
//! writes them in the service-resource metadata.

use url::Url;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct MetadataLinks {
    platform: Url,
}

impl MetadataLinks {
    /// `platform`: Altinn's platform base, such as `https://platform.altinn.no/`.
    pub fn new(platform: &str) -> anyhow::Result<Self> {
        let mut platform = Url::parse(platform)
            .map_err(|error| anyhow::anyhow!("--altinn-platform-url {platform}: {error}"))?;
        if !platform.path().ends_with('/') {
            let path = format!("{}/", platform.path());
            platform.set_path(&path);
        }
        Ok(Self { platform })
    }

    fn join(&self, path: &str) -> String {
        self.platform
            .join(path)
            .map_or_else(|_| self.platform.to_string(), String::from)
    }

    /// The resource registry's entry for a resource id (without `urn:altinn:resource:`).
    pub fn service_resource(&self, id: &str) -> String {
        self.join(&format!("resourceregistry/api/v1/resource/{}", escape(id)))
    }

    pub fn role(&self, id: Uuid) -> String {
        self.join(&format!("accessmanagement/api/v1/meta/info/roles/{id}"))
    }

    pub fn access_package(&self, urn: &str) -> String {
        self.join(&format!(
            "accessmanagement/api/v1/meta/info/accesspackages/package/urn/{}",
            escape(urn)
        ))
    }
}

/// .NET's `Uri.EscapeDataString`: everything but the unreserved characters percent-encoded.
fn escape(value: &str) -> String {
    const UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(value, UNRESERVED).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_written_as_upstreams_provider_writes_them() {
        let links = MetadataLinks::new("https://platform.altinn.no").expect("valid");
        assert_eq!(
            links.service_resource("demo-skattemelding"),
            "https://platform.altinn.no/resourceregistry/api/v1/resource/demo-skattemelding"
        );
        assert_eq!(
            links.access_package("urn:altinn:accesspackage:merverdiavgift"),
            "https://platform.altinn.no/accessmanagement/api/v1/meta/info/accesspackages/package/urn/urn%3Aaltinn%3Aaccesspackage%3Amerverdiavgift"
        );
        let id = Uuid::parse_str("55bd7d4d-08dd-46ee-ac8e-3a44d800d752").expect("uuid");
        assert_eq!(
            links.role(id),
            "https://platform.altinn.no/accessmanagement/api/v1/meta/info/roles/55bd7d4d-08dd-46ee-ac8e-3a44d800d752"
        );
    }
}
