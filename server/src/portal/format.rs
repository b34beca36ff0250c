//! Texts for people from what the service layer gives: the localization in the user's language,
//! Norwegian wall-clock times, file kinds and sizes.

use app::{
    i18n::Lang,
    model::kinds::{Folder, Priority, Status},
};
use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Europe::Oslo;
use serde::Serialize;

use crate::{
    domain::dialog::{
        model::{ContentValueDoc, GuiActionPriority, LocalizationDoc},
        status::DialogStatus,
    },
    service::inbox,
};

/// The localization in the user's language, else bokmål, nynorsk, English, or any.
pub fn localized(values: &[LocalizationDoc], lang: Lang) -> Option<String> {
    [lang.code(), "nb", "nn", "en"]
        .iter()
        .find_map(|language| {
            values
                .iter()
                .find(|localization| localization.language_code == *language)
        })
        .or_else(|| values.first())
        .map(|localization| localization.value.clone())
}

/// A content value in the user's language (as [`localized`]).
pub fn text(value: Option<&ContentValueDoc>, lang: Lang) -> Option<String> {
    value.and_then(|value| localized(&value.value, lang))
}

/// A moment as people say it in `lang`, in Norwegian wall-clock time: the time of day for today
/// and yesterday ("i dag kl. 09:30", "i går kl. 14:05"), else the day ("30. nov."), with the
/// year when it is not this year's ("30. nov. 2025"). Month names come from chrono's locales.
pub fn human_date(moment: DateTime<Utc>, now: DateTime<Utc>, lang: Lang) -> String {
    let (local, today) = (
        moment.with_timezone(&Oslo),
        now.with_timezone(&Oslo).date_naive(),
    );
    let day = local.date_naive();
    if day == today {
        return format!(
            "{}{}",
            app::text!(lang, dates.today_at),
            local.format("%H:%M")
        );
    }
    if today.pred_opt() == Some(day) {
        return format!(
            "{}{}",
            app::text!(lang, dates.yesterday_at),
            local.format("%H:%M")
        );
    }
    let (locale, pattern, with_year) = match lang {
        Lang::Nb => (chrono::Locale::nb_NO, "%-d. %b", "%-d. %b %Y"),
        Lang::Nn => (chrono::Locale::nn_NO, "%-d. %b", "%-d. %b %Y"),
        Lang::En => (chrono::Locale::en_GB, "%-d %b", "%-d %b %Y"),
    };
    let pattern = if day.year() == today.year() {
        pattern
    } else {
        with_year
    };
    local.format_localized(pattern, locale).to_string()
}

/// A moment as [`human_date`] says it, always with the time of day ("30. nov. kl. 14:05"): for
/// deadlines, messages and the activity log, where the hour matters.
pub fn human_time(moment: DateTime<Utc>, now: DateTime<Utc>, lang: Lang) -> String {
    let date = human_date(moment, now, lang);
    let local = moment.with_timezone(&Oslo).date_naive();
    let today = now.with_timezone(&Oslo).date_naive();
    if local == today || today.pred_opt() == Some(local) {
        return date;
    }
    let time = moment.with_timezone(&Oslo).format("%H:%M");
    format!("{date}{}{time}", app::text!(lang, dates.at))
}

/// The Norwegian calendar day of a moment, `YYYY-MM-DD`.
pub fn oslo_date(moment: DateTime<Utc>) -> String {
    moment.with_timezone(&Oslo).format("%Y-%m-%d").to_string()
}

/// A moment as Norwegian local date and time to the minute, `2026-12-04 14:05`.
pub fn oslo_minute(moment: DateTime<Utc>) -> String {
    moment
        .with_timezone(&Oslo)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// The name an enum has on the wire (`FormSubmitted`, `POST`, …).
pub fn wire_name<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|value| value.as_str().map(str::to_owned))
        .unwrap_or_default()
}

pub fn file_kind(media_type: Option<&str>, lang: Lang) -> Option<String> {
    let media_type = media_type?.to_ascii_lowercase();
    let kind = match media_type.as_str() {
        "application/pdf" => "PDF",
        "text/html" => "HTML",
        "application/xml" | "text/xml" => "XML",
        "application/json" => "JSON",
        "text/plain" => "TXT",
        "text/csv" => "CSV",
        "application/zip" => "ZIP",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "DOCX",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "XLSX",
        other if other.starts_with("image/") => app::text!(lang, format.image),
        _ => return None,
    };
    Some(kind.to_owned())
}

/// A size for people: `820 B`, `14 kB`, `2,5 MB` (a decimal point in English).
pub fn size_text(bytes: u64, lang: Lang) -> String {
    const KB: u64 = 1000;
    const MB: u64 = 1000 * KB;
    if bytes < KB {
        format!("{bytes} B")
    } else if bytes < MB {
        format!("{} kB", bytes.div_ceil(KB))
    } else {
        let tenths = (bytes + MB / 20) / (MB / 10);
        let separator = if lang == Lang::En { '.' } else { ',' };
        format!("{}{separator}{} MB", tenths / 10, tenths % 10)
    }
}

/// An inbox folder as the service narrows a search to it.
pub fn folder(folder: Folder) -> inbox::Folder {
    match folder {
        Folder::Inbox => inbox::Folder::Inbox,
        Folder::Drafts => inbox::Folder::Drafts,
        Folder::Sent => inbox::Folder::Sent,
        Folder::Archive => inbox::Folder::Archive,
        Folder::Bin => inbox::Folder::Bin,
    }
}

/// A dialog's status as the pages show it.
pub fn status(status: DialogStatus) -> Status {
    match status {
        DialogStatus::RequiresAttention => Status::RequiresAttention,
        DialogStatus::InProgress => Status::InProgress,
        DialogStatus::Awaiting => Status::Awaiting,
        DialogStatus::Draft => Status::Draft,
        DialogStatus::Completed => Status::Completed,
        DialogStatus::NotApplicable => Status::NotApplicable,
    }
}

/// A GUI action's priority as the pages show it.
pub fn priority(priority: GuiActionPriority) -> Priority {
    match priority {
        GuiActionPriority::Primary => Priority::Primary,
        GuiActionPriority::Secondary => Priority::Secondary,
        GuiActionPriority::Tertiary => Priority::Tertiary,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size_text(820, Lang::Nb), "820 B");
        assert_eq!(size_text(14_200, Lang::Nb), "15 kB");
        assert_eq!(size_text(2_460_000, Lang::Nb), "2,5 MB");
        assert_eq!(size_text(2_460_000, Lang::En), "2.5 MB");
    }

    fn at(moment: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(moment)
            .map(|moment| moment.to_utc())
            .unwrap_or_default()
    }

    #[test]
    fn dates_read_as_people_say_them() {
        // 00:30 in Oslo on 1 December is still 30 November in UTC.
        let now = at("2026-12-01T10:00:00Z");
        let cases = [
            ("2026-11-30T23:30:00Z", Lang::Nb, "i dag kl. 00:30"),
            ("2026-11-30T13:05:00Z", Lang::Nb, "i går kl. 14:05"),
            ("2026-11-30T13:05:00Z", Lang::En, "yesterday at 14:05"),
            ("2026-11-28T09:00:00Z", Lang::Nb, "28. nov."),
            ("2026-11-28T09:00:00Z", Lang::Nn, "28. nov."),
            ("2026-11-28T09:00:00Z", Lang::En, "28 Nov"),
            ("2026-05-17T09:00:00Z", Lang::Nb, "17. mai"),
            ("2025-11-28T09:00:00Z", Lang::Nb, "28. nov. 2025"),
            ("2027-01-04T09:00:00Z", Lang::En, "4 Jan 2027"),
        ];
        for (moment, lang, expected) in cases {
            assert_eq!(
                human_date(at(moment), now, lang),
                expected,
                "{moment} in {lang:?}"
            );
        }
        assert_eq!(
            human_time(at("2026-12-08T18:59:00Z"), now, Lang::Nb),
            "8. des. kl. 19:59"
        );
        assert_eq!(
            human_time(at("2026-12-08T18:59:00Z"), now, Lang::En),
            "8 Dec at 19:59"
        );
        assert_eq!(
            human_time(at("2026-12-01T08:00:00Z"), now, Lang::Nn),
            "i dag kl. 09:00"
        );
    }

    #[test]
    fn norwegian_time_follows_summer_time() {
        let now = at("2027-06-01T00:00:00Z");
        let clock = |moment: &str| human_time(at(moment), now, Lang::Nb);
        assert_eq!(clock("2026-01-15T12:00:00Z"), "15. jan. 2026 kl. 13:00");
        assert_eq!(clock("2026-07-15T12:00:00Z"), "15. juli 2026 kl. 14:00");
        assert_eq!(clock("2026-03-29T00:59:00Z"), "29. mars 2026 kl. 01:59");
        assert_eq!(clock("2026-03-29T01:00:00Z"), "29. mars 2026 kl. 03:00");
        // The autumn change repeats 02:00-03:00: both moments read as they are on a clock.
        assert_eq!(clock("2026-10-25T00:30:00Z"), "25. okt. 2026 kl. 02:30");
        assert_eq!(clock("2026-10-25T01:30:00Z"), "25. okt. 2026 kl. 02:30");
    }

    #[test]
    fn a_late_evening_in_utc_is_the_next_day_in_norway() {
        let late = DateTime::parse_from_rfc3339("2026-12-31T23:30:00Z").map(|t| t.to_utc());
        assert_eq!(late.map(oslo_date).ok().as_deref(), Some("2027-01-01"));
    }
}
