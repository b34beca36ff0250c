//! The dialog's activity log.

use leptos::prelude::*;

use crate::{
    i18n::{Lang, use_lang},
    model::dialog::{ActivityView, SeenView},
};

/// What each activity type reads as, in nb, nn and en.
const ACTIVITY_TEXTS: [(&str, [&str; 3]); 16] = [
    (
        "DialogCreated",
        [
            "Dialogen ble opprettet",
            "Dialogen vart oppretta",
            "The dialog was created",
        ],
    ),
    (
        "DialogClosed",
        [
            "Dialogen ble avsluttet",
            "Dialogen vart avslutta",
            "The dialog was closed",
        ],
    ),
    (
        "TransmissionOpened",
        [
            "En melding ble åpnet",
            "Ei melding vart opna",
            "A message was opened",
        ],
    ),
    (
        "PaymentMade",
        [
            "Betalingen ble utført",
            "Betalinga vart utført",
            "The payment was made",
        ],
    ),
    ("SignatureProvided", ["Signert", "Signert", "Signed"]),
    (
        "DialogOpened",
        [
            "Dialogen ble åpnet",
            "Dialogen vart opna",
            "The dialog was opened",
        ],
    ),
    (
        "DialogDeleted",
        [
            "Dialogen ble slettet",
            "Dialogen vart sletta",
            "The dialog was deleted",
        ],
    ),
    (
        "DialogRestored",
        [
            "Dialogen ble gjenopprettet",
            "Dialogen vart gjenoppretta",
            "The dialog was restored",
        ],
    ),
    (
        "SentToSigning",
        [
            "Sendt til signering",
            "Sendt til signering",
            "Sent for signing",
        ],
    ),
    (
        "SentToFormFill",
        [
            "Sendt til utfylling",
            "Sendt til utfylling",
            "Sent to be filled in",
        ],
    ),
    (
        "SentToSendIn",
        [
            "Sendt til innsending",
            "Sendt til innsending",
            "Sent to be submitted",
        ],
    ),
    (
        "SentToPayment",
        [
            "Sendt til betaling",
            "Sendt til betaling",
            "Sent for payment",
        ],
    ),
    (
        "FormSubmitted",
        [
            "Skjemaet ble sendt inn",
            "Skjemaet vart sendt inn",
            "The form was submitted",
        ],
    ),
    (
        "FormSaved",
        [
            "Skjemaet ble lagret",
            "Skjemaet vart lagra",
            "The form was saved",
        ],
    ),
    (
        "CorrespondenceOpened",
        [
            "Meldingen ble åpnet",
            "Meldinga vart opna",
            "The message was opened",
        ],
    ),
    (
        "CorrespondenceConfirmed",
        [
            "Meldingen ble bekreftet",
            "Meldinga vart stadfesta",
            "The message was confirmed",
        ],
    ),
];

/// An activity type in the user's language ("Information" for one this portal does not know).
pub fn activity_text(lang: Lang, kind: &str) -> &'static str {
    match ACTIVITY_TEXTS.iter().find(|(name, _)| *name == kind) {
        Some((_, [nb, nn, en])) => lang.tr(nb, nn, en),
        None => lang.tr("Informasjon", "Informasjon", "Information"),
    }
}

/// What happened in the dialog, newest first.
#[component]
pub fn ActivityLog(activities: Vec<ActivityView>) -> impl IntoView {
    let lang = use_lang();
    view! {
    <section class="activity" aria-labelledby="activity-heading">
        <h2 id="activity-heading">{lang.tr("Aktivitetslogg", "Aktivitetslogg", "Activity")}</h2>
        {if activities.is_empty() {
            view! { <p>{lang.tr("Ingen aktivitet ennå.", "Inga aktivitet enno.", "No activity yet.")}</p> }.into_any()
        } else {
            view! {
                <ol class="activity-log">
                    {activities.into_iter().map(|activity| view! {
                        <li>
                            <time>{activity.when}</time> " "
                            {activity_text(lang, &activity.kind)}
                            {activity.by.map(|by| view! { {lang.tr(" av ", " av ", " by ")} {by} })}
                            "."
                            {activity.description.map(|description| view! { " " <span class="description">{description}</span> })}
                        </li>
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
    </section>
    }
}

/// Who has seen the latest content.
#[component]
pub fn SeenBy(seen_by: Vec<SeenView>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="seen-by" aria-labelledby="seen-heading">
                    <h2 id="seen-heading">{lang.tr("Sett av", "Sett av", "Seen by")}</h2>
                    <ul>
                        {seen_by.into_iter().map(|seen| view! {
                            <li>
                                {if seen.is_you { lang.tr("Deg", "Deg", "You").to_owned() } else { seen.name }}
                                " · " <time>{seen.when}</time>
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
    }
}
