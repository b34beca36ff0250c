//! The service owners' preview: people who may act for a service owner's organisation see a
//! pasted create-dialog request as its end user would (checked exactly as the API checks it,
//! nothing stored), and the owner's existing dialogs as a chosen person acting for the party sees
//! them (without recording that anyone has seen them).

use app::{
    i18n::Lang,
    model::{
        inbox::Viewer,
        preview::{
            FieldProblem, OwnerChoice, Pasted, Preview, PreviewDenied, PreviewOutcome,
            RecentDialog, ViewAs,
        },
    },
};
use chrono::Utc;

use super::{
    dialog_page::{self, Audience},
    format::localized,
    pasted,
};
use crate::{
    auth::{
        dialog_token::DialogTokenClaims,
        principal::{Scopes, ServiceOwner},
        session::{self, PortalSession},
    },
    authz::{EndUser, decision::Registry, store},
    domain::dialog::id::DialogId,
    domain::party::{NationalIdentityNumber, Party},
    error::Result,
    service::{dialogs, end_user::DialogAccess, inbox},
    state::AppState,
    store::dialogs::{self as dialog_store, DialogAggregate},
};

/// How many of the owner's latest dialogs the page lists.
const RECENT: i64 = 20;

/// The service owners whose organisations the person may act for, by name.
fn owners_for(
    access: &crate::authz::decision::PartyAccess,
    registry: &Registry,
    lang: Lang,
) -> Vec<ServiceOwner> {
    let mut owners: Vec<ServiceOwner> = Vec::new();
    for resource in registry.resources() {
        let acts_for = access.parties.iter().any(|authorized| {
            matches!(&authorized.party, Party::Organization(number) if *number == resource.owner_organization_number)
        });
        if acts_for
            && !owners
                .iter()
                .any(|owner| owner.org.as_deref() == Some(resource.owner_org.as_str()))
        {
            owners.push(ServiceOwner {
                organization_number: resource.owner_organization_number.clone(),
                org: Some(resource.owner_org.clone()),
                scopes: Scopes::parse("digdir:dialogporten.serviceprovider"),
            });
        }
    }
    owners.sort_by_key(|owner| {
        inbox::owner_name(
            registry,
            owner.org.as_deref().unwrap_or_default(),
            lang.code(),
        )
    });
    owners
}

/// Who is asking and which owners they work for, or why they may not.
struct Previewer {
    session: PortalSession,
    name: String,
    owners: Vec<ServiceOwner>,
    registry: std::sync::Arc<Registry>,
}

async fn previewer(
    state: &AppState,
    parts: &http::request::Parts,
    lang: Lang,
) -> Result<std::result::Result<Previewer, PreviewDenied>> {
    let Some(found) = session::from_headers(&state.pool, &parts.headers).await? else {
        return Ok(Err(PreviewDenied::SignedOut));
    };
    let access = state.authorizer.party_access(&found.user.party).await?;
    let registry = state.authorizer.registry().await?;
    let owners = owners_for(&access, &registry, lang);
    if owners.is_empty() {
        return Ok(Err(PreviewDenied::NotServiceOwner));
    }
    let name = found
        .name
        .clone()
        .unwrap_or_else(|| found.user.party.identifier().to_owned());
    Ok(Ok(Previewer {
        session: found,
        name,
        owners,
        registry,
    }))
}

impl Previewer {
    fn viewer(&self) -> Viewer {
        Viewer {
            name: self.name.clone(),
            csrf: self.session.csrf_token.clone(),
        }
    }
}

/// A dialog token for a preview: what `person` may do with the dialog.
fn preview_token(
    state: &AppState,
    aggregate: &DialogAggregate,
    access: &DialogAccess,
    viewer: &Party,
) -> Result<String> {
    let dialog = &aggregate.dialog;
    let claims = DialogTokenClaims {
        end_user: viewer.to_string(),
        system_user: None,
        authentication_level: 4,
        party: dialog.party.to_string(),
        service_resource: dialog.service_resource.to_string(),
        dialog_id: dialog.id.uuid(),
        actions: access.permitted(),
        authorized_entities: access.authorized_entities(aggregate),
    };
    Ok(state.dialog_tokens.issue(&claims, Utc::now())?)
}

/// The dialog page for a preview of `aggregate` with `access`.
async fn page(
    state: &AppState,
    aggregate: &DialogAggregate,
    access: &DialogAccess,
    viewer: &Party,
    registry: &Registry,
    lang: Lang,
) -> Result<app::model::dialog::DialogPage> {
    let dialog = &aggregate.dialog;
    let mut connection = state.pool.acquire().await?;
    let party = dialog.party.to_string();
    let party_name = store::party_names(&mut connection, std::slice::from_ref(&party))
        .await?
        .remove(&party)
        .unwrap_or(party);
    drop(connection);
    let token = preview_token(state, aggregate, access, viewer)?;
    let audience = Audience {
        lang,
        viewer: None,
        current: Some(viewer.to_string()),
        party_name,
        owner_name: inbox::owner_name(registry, &dialog.org, lang.code()),
        back: "/preview".into(),
    };
    Ok(dialog_page::build(&state.outbound, aggregate, access, &token, audience).await)
}

/// The pasted request checked and rendered, or what is wrong with it.
async fn outcome(
    state: &AppState,
    previewer: &Previewer,
    owner: &ServiceOwner,
    json: &str,
    lang: Lang,
) -> Result<PreviewOutcome> {
    let invalid = |field: &str, message: String| {
        PreviewOutcome::Invalid(vec![FieldProblem {
            field: field.to_owned(),
            message,
            lang: None,
        }])
    };
    let value: serde_json::Value = match serde_json::from_str(json) {
        Ok(value) => value,
        Err(error) => return Ok(invalid("$", format!("This is not valid JSON: {error}."))),
    };
    // Every problem at once: those of binding (with stand-ins), then the checks' on the rest.
    let pasted::Bound {
        request,
        mut problems,
    } = pasted::bind(value);
    let checked = match request {
        Some(request) => dialogs::preview(&state.pool, &state.authorizer, owner, &request).await,
        None => return Ok(PreviewOutcome::Invalid(problems)),
    };
    let aggregate = match checked {
        Ok(aggregate) if problems.is_empty() => aggregate,
        Ok(_) => return Ok(PreviewOutcome::Invalid(problems)),
        Err(error) if error.field_errors().is_some() => {
            problems.extend(pasted::field_problems(&error));
            return Ok(PreviewOutcome::Invalid(problems));
        }
        Err(error) => return Err(error),
    };
    let access = DialogAccess::everything(&aggregate);
    let person = &previewer.session.user.party;
    Ok(PreviewOutcome::Shown(Box::new(
        page(
            state,
            &aggregate,
            &access,
            person,
            &previewer.registry,
            lang,
        )
        .await?,
    )))
}

pub async fn preview(
    state: AppState,
    parts: http::request::Parts,
    pasted: Option<Pasted>,
) -> Result<std::result::Result<Preview, PreviewDenied>> {
    let lang = Lang::from_headers(&parts.headers);
    let previewer = match previewer(&state, &parts, lang).await? {
        Ok(previewer) => previewer,
        Err(denied) => return Ok(Err(denied)),
    };
    let chosen = pasted.as_ref().and_then(|pasted| pasted.owner.as_deref());
    let owner = previewer
        .owners
        .iter()
        .find(|owner| owner.org.as_deref() == chosen)
        .unwrap_or(&previewer.owners[0]);
    let org = owner.org.clone().unwrap_or_default();
    let outcome = match &pasted {
        Some(pasted) => {
            previewer.session.check_csrf(&pasted.csrf)?;
            let outcome = outcome(&state, &previewer, owner, &pasted.json, lang).await?;
            Some(super::problems::in_language(outcome, lang))
        }
        None => None,
    };
    let recent = recent(&state, &org, lang).await?;
    Ok(Ok(Preview {
        viewer: previewer.viewer(),
        owners: previewer
            .owners
            .iter()
            .map(|owner| {
                let org = owner.org.clone().unwrap_or_default();
                OwnerChoice {
                    name: inbox::owner_name(&previewer.registry, &org, lang.code()),
                    org,
                }
            })
            .collect(),
        owner: org,
        json: pasted.map(|pasted| pasted.json).unwrap_or_default(),
        outcome,
        recent,
    }))
}

pub async fn view_as(
    state: AppState,
    parts: http::request::Parts,
    id: String,
    person: Option<String>,
) -> Result<std::result::Result<ViewAs, PreviewDenied>> {
    let lang = Lang::from_headers(&parts.headers);
    let previewer = match previewer(&state, &parts, lang).await? {
        Ok(previewer) => previewer,
        Err(denied) => return Ok(Err(denied)),
    };
    let Ok(id) = id.parse::<DialogId>() else {
        return Ok(Err(PreviewDenied::NotFound));
    };
    let mut connection = state.pool.acquire().await?;
    let Some(aggregate) = dialog_store::load(&mut connection, id)
        .await?
        .filter(|aggregate| aggregate.dialog.deleted_at.is_none())
    else {
        return Ok(Err(PreviewDenied::NotFound));
    };
    let owns = previewer
        .owners
        .iter()
        .any(|owner| owner.org.as_deref() == Some(aggregate.dialog.org.as_str()));
    if !owns {
        return Ok(Err(PreviewDenied::NotServiceOwner));
    }
    let people =
        store::representatives(&mut connection, &aggregate.dialog.party.to_string()).await?;
    drop(connection);
    // Only someone who may act for the party can be chosen.
    let chosen = person
        .filter(|person| people.iter().any(|(urn, _)| urn == person))
        .and_then(|person| match Party::parse(&person) {
            Ok(Party::Person(number)) => Some(number),
            _ => None,
        });
    let (access, seen_as) = seen_as(&state, &previewer, &aggregate, chosen.as_ref()).await?;
    let page = page(
        &state,
        &aggregate,
        &access,
        &seen_as,
        &previewer.registry,
        lang,
    )
    .await?;
    Ok(Ok(ViewAs {
        viewer: previewer.viewer(),
        people,
        person: chosen.map(|number| Party::Person(number).to_string()),
        page: Box::new(page),
    }))
}

/// The service owner's latest dialogs, to preview again.
async fn recent(state: &AppState, org: &str, lang: Lang) -> Result<Vec<RecentDialog>> {
    let mut connection = state.pool.acquire().await?;
    let recent = dialog_store::recent_for_owner(&mut connection, org, RECENT).await?;
    let parties: Vec<String> = recent.iter().map(|dialog| dialog.party.clone()).collect();
    let names = store::party_names(&mut connection, &parties).await?;
    Ok(recent
        .into_iter()
        .map(|dialog| RecentDialog {
            id: dialog.id.to_string(),
            title: dialog
                .content
                .0
                .title
                .as_ref()
                .and_then(|title| localized(&title.value, lang))
                .unwrap_or_default(),
            party_name: names.get(&dialog.party).cloned().unwrap_or(dialog.party),
        })
        .collect())
}

/// What the chosen person may see and do, with their party; everything, as the service owner,
/// when no one is chosen.
async fn seen_as(
    state: &AppState,
    previewer: &Previewer,
    aggregate: &DialogAggregate,
    chosen: Option<&NationalIdentityNumber>,
) -> Result<(DialogAccess, Party)> {
    Ok(match chosen {
        Some(number) => {
            let user = EndUser {
                party: Party::Person(number.clone()),
                authentication_level: 4,
                system_user: None,
            };
            let access =
                crate::service::end_user::decide(&state.authorizer, &user, aggregate).await?;
            (access, user.party)
        }
        None => (
            DialogAccess::everything(aggregate),
            previewer.session.user.party.clone(),
        ),
    })
}
