//! Parties a dialog can belong to, and the identifiers behind them, parsed from upstream's URNs.

use std::fmt;

use super::{serde_via_parse, text_column, text_newtype};

pub const PERSON_PREFIX: &str = "urn:altinn:person:identifier-no:";
pub const ORGANIZATION_PREFIX: &str = "urn:altinn:organization:identifier-no:";
pub const SELF_IDENTIFIED_PREFIX: &str = "urn:altinn:person:legacy-selfidentified:";
pub const IDPORTEN_EMAIL_PREFIX: &str = "urn:altinn:person:idporten-email:";
/// A system user: an end user (a business system acting for an organisation), never a dialog's party.
pub const SYSTEM_USER_PREFIX: &str = "urn:altinn:systemuser:uuid:";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PartyError {
    #[error("'{0}' is not a valid national identity number: 11 digits with valid check digits")]
    NationalIdentityNumber(String),
    #[error("'{0}' is not a valid organisation number: 9 digits with a valid check digit")]
    OrganizationNumber(String),
    #[error(
        "'{0}' is not a valid party: expected urn:altinn:person:identifier-no:, urn:altinn:organization:identifier-no:, urn:altinn:person:legacy-selfidentified: or urn:altinn:person:idporten-email:"
    )]
    Urn(String),
}

/// Whether `digits` are all ASCII digits and their weighted sum is divisible by 11 (mod-11).
fn passes_mod11(digits: &[u8], weights: &[u32]) -> bool {
    let sum: u32 = digits
        .iter()
        .zip(weights)
        .map(|(digit, weight)| u32::from(digit - b'0') * weight)
        .sum();
    sum.is_multiple_of(11)
}

fn all_digits(value: &str, length: usize) -> bool {
    value.len() == length && value.bytes().all(|byte| byte.is_ascii_digit())
}

/// An 11-digit Norwegian national identity number (fødselsnummer or D-number).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NationalIdentityNumber(String);

impl NationalIdentityNumber {
    // Each weight list ends in 1 for the check digit itself, so a valid number sums to 0 mod 11.
    const FIRST_CHECK: [u32; 10] = [3, 7, 6, 1, 8, 9, 4, 5, 2, 1];
    const SECOND_CHECK: [u32; 11] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1];

    pub fn parse(value: &str) -> Result<Self, PartyError> {
        let valid = all_digits(value, 11)
            && passes_mod11(&value.as_bytes()[..10], &Self::FIRST_CHECK)
            && passes_mod11(value.as_bytes(), &Self::SECOND_CHECK);
        if valid {
            Ok(Self(value.to_owned()))
        } else {
            Err(PartyError::NationalIdentityNumber(value.to_owned()))
        }
    }

    /// The date of birth the number encodes: day, month and year, with the century from the
    /// individual number (digits 7-9), a D-number's day less 40, and test numbers' month less
    /// 40 (NAV) or 80 (Tenor). `None` for a number that names no real date.
    pub fn date_of_birth(&self) -> Option<chrono::NaiveDate> {
        let number = |range: std::ops::Range<usize>| self.0.get(range)?.parse::<u32>().ok();
        let (mut day, mut month, year, individual) =
            (number(0..2)?, number(2..4)?, number(4..6)?, number(6..9)?);
        if day > 40 {
            day -= 40;
        }
        if month > 80 {
            month -= 80;
        } else if month > 40 {
            month -= 40;
        }
        let century = match (individual, year) {
            (0..=499, _) | (900..=999, 40..=99) => 1900,
            (500..=749, 54..=99) => 1800,
            (500..=999, 0..=39) => 2000,
            _ => return None,
        };
        chrono::NaiveDate::from_ymd_opt(i32::try_from(century + year).ok()?, month, day)
    }

    /// Completes nine digits with their two check digits; `None` where no valid pair exists.
    pub fn with_check_digits(base: &str) -> Option<Self> {
        if !all_digits(base, 9) {
            return None;
        }
        let check = |digits: &str, weights: &[u32]| {
            let sum: u32 = digits
                .bytes()
                .zip(weights)
                .map(|(digit, weight)| u32::from(digit - b'0') * weight)
                .sum();
            match 11 - sum % 11 {
                11 => Some(0),
                10 => None,
                digit => Some(digit),
            }
        };
        let first = check(base, &Self::FIRST_CHECK)?;
        let with_first = format!("{base}{first}");
        let second = check(&with_first, &Self::SECOND_CHECK)?;
        Self::parse(&format!("{with_first}{second}")).ok()
    }
}
text_newtype!(NationalIdentityNumber);

/// A 9-digit Norwegian organisation number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrganizationNumber(String);

impl OrganizationNumber {
    const CHECK: [u32; 9] = [3, 2, 7, 6, 5, 4, 3, 2, 1];

    pub fn parse(value: &str) -> Result<Self, PartyError> {
        if all_digits(value, 9) && passes_mod11(value.as_bytes(), &Self::CHECK) {
            Ok(Self(value.to_owned()))
        } else {
            Err(PartyError::OrganizationNumber(value.to_owned()))
        }
    }
}
text_newtype!(OrganizationNumber);

/// Who a dialog is for: a person, an organisation, or a user known only by username or e-mail.
/// As an end user's own identity it may also be a system user, which [`Party::parse`] (a dialog's
/// party) refuses and [`Party::parse_end_user`] takes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Party {
    Person(NationalIdentityNumber),
    Organization(OrganizationNumber),
    SelfIdentified(String),
    IdportenEmail(String),
    /// A system user's id, a lowercase hyphenated UUID.
    SystemUser(String),
}

impl Party {
    /// Parses a party URN. Prefixes match case-insensitively; the identifier is split off at the
    /// last colon, and usernames and e-mail addresses are lowercased, as upstream stores them.
    pub fn parse(urn: &str) -> Result<Self, PartyError> {
        let invalid = || PartyError::Urn(urn.to_owned());
        let split = urn
            .bytes()
            .rposition(|byte| byte == b':')
            .ok_or_else(invalid)?
            + 1;
        let (prefix, identifier) = urn.split_at(split);
        let is = |known: &str| prefix.eq_ignore_ascii_case(known);
        if is(PERSON_PREFIX) {
            NationalIdentityNumber::parse(identifier).map(Self::Person)
        } else if is(ORGANIZATION_PREFIX) {
            OrganizationNumber::parse(identifier).map(Self::Organization)
        } else if is(SELF_IDENTIFIED_PREFIX) && !identifier.is_empty() {
            Ok(Self::SelfIdentified(identifier.to_lowercase()))
        } else if is(IDPORTEN_EMAIL_PREFIX) && is_email(identifier) {
            Ok(Self::IdportenEmail(identifier.to_lowercase()))
        } else {
            Err(invalid())
        }
    }

    /// The identifier without its prefix: the number, username or e-mail address.
    pub fn identifier(&self) -> &str {
        match self {
            Self::Person(number) => number.as_str(),
            Self::Organization(number) => number.as_str(),
            Self::SelfIdentified(name) | Self::IdportenEmail(name) | Self::SystemUser(name) => name,
        }
    }

    /// As [`Party::parse`], and a system user (`urn:altinn:systemuser:uuid:<uuid>`) too: who an
    /// end user is, as the register knows them.
    pub fn parse_end_user(urn: &str) -> Result<Self, PartyError> {
        let prefix_length = SYSTEM_USER_PREFIX.len();
        match urn.get(..prefix_length) {
            Some(prefix) if prefix.eq_ignore_ascii_case(SYSTEM_USER_PREFIX) => {
                uuid::Uuid::parse_str(&urn[prefix_length..])
                    .map(Self::system_user)
                    .map_err(|_| PartyError::Urn(urn.to_owned()))
            }
            _ => Self::parse(urn),
        }
    }

    pub fn system_user(id: uuid::Uuid) -> Self {
        Self::SystemUser(id.hyphenated().to_string())
    }

    pub fn person(&self) -> Option<&NationalIdentityNumber> {
        match self {
            Self::Person(number) => Some(number),
            _ => None,
        }
    }

    pub fn organization(&self) -> Option<&OrganizationNumber> {
        match self {
            Self::Organization(number) => Some(number),
            _ => None,
        }
    }
}

/// Upstream's e-mail rule: `^[^@\s]+@[^@\s]+\.[^@\s]+$`.
fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else {
        return false;
    };
    let clean = |part: &str| {
        !part.is_empty() && !part.contains('@') && !part.chars().any(char::is_whitespace)
    };
    let dotted = domain
        .rsplit_once('.')
        .is_some_and(|(name, top)| clean(name) && clean(top));
    clean(local) && clean(domain) && dotted
}

impl fmt::Display for Party {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Person(number) => write!(f, "{PERSON_PREFIX}{}", number.as_str()),
            Self::Organization(number) => write!(f, "{ORGANIZATION_PREFIX}{}", number.as_str()),
            Self::SelfIdentified(username) => write!(f, "{SELF_IDENTIFIED_PREFIX}{username}"),
            Self::IdportenEmail(email) => write!(f, "{IDPORTEN_EMAIL_PREFIX}{email}"),
            Self::SystemUser(id) => write!(f, "{SYSTEM_USER_PREFIX}{id}"),
        }
    }
}

serde_via_parse!(Party);

text_column!(Party);

#[cfg(test)]
mod tests {
    use super::*;

    // Synthetic numbers, valid by mod-11.
    const PERSON: &str = "13896396174";
    const ORGANIZATION: &str = "310778737";

    #[test]
    fn a_national_identity_number_gives_its_date_of_birth() {
        let born = |number: &str| {
            NationalIdentityNumber::parse(number)
                .expect("valid")
                .date_of_birth()
                .map(|date| date.to_string())
        };
        // A Tenor test number (month + 80), as upstream's snapshot has it: born 1943-04-08.
        assert_eq!(born("08844397713").as_deref(), Some("1943-04-08"));
        assert_eq!(born("01018012371").as_deref(), Some("1980-01-01"));
        assert_eq!(born(PERSON).as_deref(), Some("1963-09-13"));
    }

    #[test]
    fn a_system_user_is_an_end_user_but_never_a_dialogs_party() {
        let urn = "urn:altinn:systemuser:uuid:5B6D1A0E-8C5F-4C2B-9C39-7E2F4B1D3A10";
        assert!(Party::parse(urn).is_err());
        let user = Party::parse_end_user(urn).expect("a system user");
        assert_eq!(
            user.to_string(),
            "urn:altinn:systemuser:uuid:5b6d1a0e-8c5f-4c2b-9c39-7e2f4b1d3a10"
        );
        assert!(Party::parse_end_user("urn:altinn:systemuser:uuid:not-a-uuid").is_err());
        assert_eq!(
            Party::parse_end_user(&format!("{PERSON_PREFIX}{PERSON}")),
            Party::parse(&format!("{PERSON_PREFIX}{PERSON}"))
        );
    }

    #[test]
    fn a_valid_national_identity_number_parses() {
        assert_eq!(
            NationalIdentityNumber::parse(PERSON)
                .expect("valid")
                .as_str(),
            PERSON
        );
    }

    #[test]
    fn a_national_identity_number_with_a_wrong_check_digit_is_refused() {
        for wrong in [
            "13896396175",
            "13896396164",
            "1389639617",
            "138963961745",
            "1389639617a",
        ] {
            assert!(NationalIdentityNumber::parse(wrong).is_err(), "{wrong}");
        }
    }

    #[test]
    fn check_digits_are_computed_for_a_base() {
        assert_eq!(
            NationalIdentityNumber::with_check_digits("138963961").map(|n| n.as_str().to_owned()),
            Some(PERSON.to_owned())
        );
        assert!(NationalIdentityNumber::with_check_digits("12345").is_none());
    }

    #[test]
    fn a_valid_organisation_number_parses() {
        assert!(OrganizationNumber::parse(ORGANIZATION).is_ok());
        assert!(OrganizationNumber::parse("991825827").is_ok());
    }

    #[test]
    fn an_organisation_number_with_a_wrong_check_digit_is_refused() {
        for wrong in ["310778738", "31077873", "3107787370", "31077873x"] {
            assert!(OrganizationNumber::parse(wrong).is_err(), "{wrong}");
        }
    }

    #[test]
    fn party_urns_round_trip() {
        for urn in [
            format!("{PERSON_PREFIX}{PERSON}"),
            format!("{ORGANIZATION_PREFIX}{ORGANIZATION}"),
            format!("{SELF_IDENTIFIED_PREFIX}kari"),
            format!("{IDPORTEN_EMAIL_PREFIX}kari@example.no"),
        ] {
            assert_eq!(Party::parse(&urn).expect("parses").to_string(), urn);
        }
    }

    #[test]
    fn urn_prefixes_match_case_insensitively_and_names_are_lowercased() {
        let party =
            Party::parse("URN:Altinn:Person:IdPorten-Email:Kari@Example.NO").expect("parses");
        assert_eq!(
            party.to_string(),
            "urn:altinn:person:idporten-email:kari@example.no"
        );
        let party = Party::parse(&format!(
            "URN:ALTINN:ORGANIZATION:IDENTIFIER-NO:{ORGANIZATION}"
        ))
        .expect("parses");
        assert_eq!(
            party.organization().map(OrganizationNumber::as_str),
            Some(ORGANIZATION)
        );
    }

    #[test]
    fn identifiers_that_are_not_parties_are_refused() {
        for urn in [
            "urn:altinn:systemuser:uuid:0195e3f4-2c6d-7e2a-9b1c-1d2e3f4a5b6c",
            "urn:altinn:feide-subject:abc",
            "urn:altinn:person:identifier-no:",
            "urn:altinn:person:idporten-email:not-an-email",
            "urn:altinn:person:legacy-selfidentified:",
            "13896396174",
        ] {
            assert!(Party::parse(urn).is_err(), "{urn}");
        }
    }
}
