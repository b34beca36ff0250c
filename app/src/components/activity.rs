//! The dialog's activity log.

use leptos::prelude::*;

use crate::{
    i18n::{Lang, use_lang},
    model::dialog::{ActivityView, SeenView},
};

/// An activity type in the user's language ("Information" for one this portal does not know).
pub fn activity_text(lang: Lang, kind: &str) -> &'static str {
    match kind {
        "DialogCreated" => text!(lang, activity_type.dialog_created),
        "DialogClosed" => text!(lang, activity_type.dialog_closed),
        "TransmissionOpened" => text!(lang, activity_type.transmission_opened),
        "PaymentMade" => text!(lang, activity_type.payment_made),
        "SignatureProvided" => text!(lang, activity_type.signature_provided),
        "DialogOpened" => text!(lang, activity_type.dialog_opened),
        "DialogDeleted" => text!(lang, activity_type.dialog_deleted),
        "DialogRestored" => text!(lang, activity_type.dialog_restored),
        "SentToSigning" => text!(lang, activity_type.sent_to_signing),
        "SentToFormFill" => text!(lang, activity_type.sent_to_form_fill),
        "SentToSendIn" => text!(lang, activity_type.sent_to_send_in),
        "SentToPayment" => text!(lang, activity_type.sent_to_payment),
        "FormSubmitted" => text!(lang, activity_type.form_submitted),
        "FormSaved" => text!(lang, activity_type.form_saved),
        "CorrespondenceOpened" => text!(lang, activity_type.correspondence_opened),
        "CorrespondenceConfirmed" => text!(lang, activity_type.correspondence_confirmed),
        _ => text!(lang, activity.information),
    }
}

/// What happened in the dialog, newest first.
#[component]
pub fn ActivityLog(activities: Vec<ActivityView>) -> impl IntoView {
    let lang = use_lang();
    view! {
    <section class="activity" aria-labelledby="activity-heading">
        <h2 id="activity-heading">{text!(lang, activity.activity)}</h2>
        {if activities.is_empty() {
            view! { <p>{text!(lang, activity.no_activity_yet)}</p> }.into_any()
        } else {
            view! {
                <ol class="activity-log">
                    {activities.into_iter().map(|activity| view! {
                        <li>
                            <time>{activity.when}</time> " "
                            {activity_text(lang, &activity.kind)}
                            {activity.by.map(|by| view! { {text!(lang, activity.by)} {by} })}
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
                    <h2 id="seen-heading">{text!(lang, activity.seen_by)}</h2>
                    <ul>
                        {seen_by.into_iter().map(|seen| view! {
                            <li>
                                {if seen.is_you { text!(lang, activity.you).to_owned() } else { seen.name }}
                                " · " <time>{seen.when}</time>
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
    }
}
