//! Whose inbox it is: the parties the person may act for, and a search among them.

use leptos::prelude::*;

use crate::{
    components::inbox_form::{InboxForm, navigated},
    i18n::use_lang,
    model::inbox::{Inbox, InboxQuery},
};

#[component]
pub fn PartySwitcher(inbox: Inbox, query: InboxQuery) -> impl IntoView {
    let lang = use_lang();
    let current = inbox
        .acting
        .as_ref()
        .map_or("all".to_owned(), |party| party.urn.clone());
    let (folder, folder_for_find) = (query.folder.clone(), query.folder.clone());
    let (party, found) = (query.party.clone(), query.find.clone().unwrap_or_default());
    // The address's values as properties too, after a navigation (see `navigated`).
    let navigated = navigated();
    let acting = inbox.acting.as_ref().map_or_else(
        || text!(lang, party_switcher.all_organisations).to_owned(),
        |party| party.name.clone(),
    );
    // Folded behind whose inbox it is on a narrow screen; always open on a wide one.
    view! {
        <details class="fold wide-open parties">
        <summary>
            {text!(lang, party_switcher.show_the_inbox_of)} ": "
            <span class="applied">{acting}</span>
        </summary>
        <div class="fold-body">
        <InboxForm class="party-switcher">
            <label for="party">{text!(lang, party_switcher.show_the_inbox_of)}</label>
            <select id="party" name="party" prop:value=navigated.then(|| current.clone())>
                // Whose inbox this is stays the choice, also when the finder's list leaves it out
                // (else the first party found would look chosen, and "Bytt" would go there).
                {inbox.acting.clone().filter(|acting| !inbox.parties.iter().any(|party| party.urn == acting.urn)).map(|acting| view! {
                    <option value=acting.urn selected=true>{acting.name}</option>
                })}
                {inbox.parties.iter().map(|party| {
                    let selected = party.urn == current;
                    let label = if party.is_sub_unit { format!("— {}", party.name) } else { party.name.clone() };
                    view! { <option value=party.urn.clone() selected=selected>{label}</option> }
                }).collect_view()}
                {(current == "all" || inbox.parties.iter().filter(|party| !party.is_person).count() + inbox.parties_left_out > 1).then(|| view! {
                    <option value="all" selected=current == "all">{text!(lang, party_switcher.all_organisations)}</option>
                })}
            </select>
            {folder.map(|folder| view! { <input type="hidden" name="folder" value=folder /> })}
            <button type="submit">{text!(lang, party_switcher.switch)}</button>
        </InboxForm>
        <InboxForm class="party-finder" search=text!(lang, party_switcher.find_a_party)>
            {party.map(|party| view! { <input type="hidden" name="party" value=party /> })}
            {folder_for_find.map(|folder| view! { <input type="hidden" name="folder" value=folder /> })}
            <label for="find">{text!(lang, party_switcher.find_a_party_name_or_number)}</label>
            <input id="find" name="find" type="search" value=found.clone() prop:value=navigated.then_some(found) />
            <button type="submit">{text!(lang, party_switcher.find)}</button>
            {(inbox.parties_left_out > 0).then(|| {
                let count = inbox.parties_left_out;
                view! { <p class="party-finder-more">{format!("{count} {}", text!(lang, party_switcher.more_parties))}</p> }
            })}
        </InboxForm>
        </div>
        </details>
    }
}
