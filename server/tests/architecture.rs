//! The layering `ARCHITECTURE.md` describes, checked on the sources of both crates: every
//! `crate::`, `super::` and `self::` path (in `use` lines and in code) is read with `syn` and
//! resolved to the module it names. Test code (`#[cfg(test)]`) is left out: tests may reach
//! across layers to set things up.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// A module's path inside its crate, `["api", "enduser", "views"]`; the crate root is empty.
type ModulePath = Vec<String>;

/// Which modules of the server crate may not name which: (module, the modules it may not
/// name, why). A module stands for everything below it.
const SERVER_RULES: &[(&str, &[&str], &str)] = &[
    (
        "domain",
        &[
            "store", "authz", "auth", "service", "api", "portal", "state", "router", "config",
            "database", "outbound",
        ],
        "the domain depends on nothing above it",
    ),
    ("error", &["*"], "the error type depends on nothing"),
    (
        "store",
        &["service", "api", "portal", "state", "router"],
        "storage knows no use case and no front door",
    ),
    (
        "authz",
        &["service", "api", "portal", "state", "router"],
        "authorization knows no use case and no front door",
    ),
    (
        "auth",
        &["service", "api", "portal", "state", "router"],
        "authentication knows no use case and no front door",
    ),
    (
        "service",
        &["api", "portal", "state", "router"],
        "use cases know no front door",
    ),
    ("api", &["portal"], "the two front doors stand side by side"),
    ("portal", &["api"], "the two front doors stand side by side"),
    (
        "api::enduser",
        &["api::serviceowner"],
        "the two APIs share what they share through api::shared",
    ),
    (
        "api::serviceowner",
        &["api::enduser"],
        "the two APIs share what they share through api::shared",
    ),
    (
        "state",
        &["api", "portal", "router"],
        "the shared state depends on nothing above it",
    ),
];

#[test]
fn the_server_crate_keeps_its_layers_and_has_no_module_cycles() {
    let crate_sources = Sources::read(&source_dir("src"));
    let mut problems = crate_sources.layer_violations(SERVER_RULES);
    problems.extend(crate_sources.cycles());
    assert!(
        problems.is_empty(),
        "the server crate breaks its layering:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_app_crate_has_no_module_cycles() {
    let crate_sources = Sources::read(&source_dir("../app/src"));
    let problems = crate_sources.cycles();
    assert!(
        problems.is_empty(),
        "the app crate has module cycles:\n{}",
        problems.join("\n")
    );
}

/// The checker finds what it is for: a cycle and a broken rule in sources written for it.
#[test]
fn the_checker_reports_cycles_and_broken_rules() {
    let sources = Sources::from_files(vec![
        (vec![], "mod domain; mod api; mod portal;".to_owned()),
        (vec!["domain".into()], "use crate::api::Thing;".to_owned()),
        (
            vec!["api".into()],
            "fn f() { crate::portal::g(); }".to_owned(),
        ),
        (vec!["portal".into()], "use super::{api};".to_owned()),
    ]);
    let rules: &[(&str, &[&str], &str)] = &[("domain", &["api"], "domain is lowest")];
    let broken = sources.layer_violations(rules);
    assert_eq!(broken.len(), 1, "{broken:?}");
    assert!(broken[0].contains("domain is lowest"), "{broken:?}");
    let cycles = sources.cycles();
    assert_eq!(cycles.len(), 1, "{cycles:?}");
    assert!(
        cycles[0].contains("api") && cycles[0].contains("portal"),
        "{cycles:?}"
    );
}

/// The most lines a source file may have, test modules aside.
const MAX_FILE_LINES: usize = 400;
/// The most lines a function may have, from `fn` to its closing brace.
const MAX_FUNCTION_LINES: usize = 60;

#[test]
fn no_file_or_function_of_either_crate_is_too_long() {
    let mut problems = Vec::new();
    for (crate_name, dir) in [("server", "src"), ("app", "../app/src")] {
        let root = source_dir(dir);
        let mut files = Vec::new();
        collect_files(&root, &root, &mut files);
        for (module, text) in files {
            let name = format!("{crate_name}::{}", show(&module));
            problems.extend(oversized(&name, &text, MAX_FILE_LINES, MAX_FUNCTION_LINES));
        }
    }
    assert!(
        problems.is_empty(),
        "split these (at most {MAX_FILE_LINES} lines a file, {MAX_FUNCTION_LINES} a function):\n{}",
        problems.join("\n")
    );
}

/// The size check counts what it should: test modules are left out, long functions are named.
#[test]
fn the_size_check_skips_tests_and_names_long_functions() {
    let body = "    let x = 1;\n".repeat(5);
    let text = format!(
        "fn short() {{\n{body}}}\nimpl T {{\n    fn long() {{\n{body}{body}    }}\n}}\n\
         #[cfg(test)]\nmod tests {{\n    fn long_test() {{\n{body}{body}{body}    }}\n}}\n"
    );
    let found = oversized("example", &text, 25, 8);
    assert_eq!(found, vec!["example: fn long has 12 lines".to_owned()]);
    let found = oversized("example", &text, 10, 80);
    assert_eq!(found, vec!["example has 21 lines".to_owned()]);
    let binds = "        x,\n".repeat(20);
    let statement =
        format!("fn insert() {{\n    sqlx::query!(\n        \"sql\",\n{binds}    );\n}}\n");
    assert_eq!(
        oversized("example", &statement, 100, 8),
        Vec::<String>::new()
    );
}

/// The file's length without its test-only items, then every function over the limit.
fn oversized(name: &str, text: &str, max_file: usize, max_function: usize) -> Vec<String> {
    let file = syn::parse_file(text).unwrap_or_else(|error| panic!("{name}: {error}"));
    let test_lines: usize = file
        .items
        .iter()
        .filter(|item| is_test_only(item_attributes(item)))
        .map(|item| {
            use syn::spanned::Spanned;
            let span = item.span();
            span.end().line - span.start().line + 1
        })
        .sum();
    let mut problems = Vec::new();
    let lines = text.lines().count() - test_lines;
    if lines > max_file {
        problems.push(format!("{name} has {lines} lines"));
    }
    let mut functions = FunctionLengths::default();
    functions.visit_file(&file);
    for (function, length) in functions.lengths {
        if length > max_function {
            problems.push(format!("{name}: fn {function} has {length} lines"));
        }
    }
    problems
}

fn item_attributes(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Mod(item) => &item.attrs,
        syn::Item::Fn(item) => &item.attrs,
        syn::Item::Impl(item) => &item.attrs,
        syn::Item::Use(item) => &item.attrs,
        syn::Item::Struct(item) => &item.attrs,
        syn::Item::Const(item) => &item.attrs,
        _ => &[],
    }
}

/// Every function with a body, outside test code, and its length in lines.
#[derive(Default)]
struct FunctionLengths {
    lengths: Vec<(String, usize)>,
}

impl FunctionLengths {
    /// A checked SQL statement (`sqlx::query!` and its kin) counts as one line: it is a
    /// statement against the schema, one bind per line, not the function's logic.
    fn record(&mut self, name: &syn::Ident, signature: &syn::Signature, body: &syn::Block) {
        let start = signature.fn_token.span.start().line;
        let end = body.brace_token.span.close().end().line;
        let mut statements = Statements::default();
        statements.visit_block(body);
        self.lengths
            .push((name.to_string(), end - start + 1 - statements.lines));
    }
}

/// The lines of the checked SQL statements in a function, less one each.
#[derive(Default)]
struct Statements {
    lines: usize,
}

impl<'ast> Visit<'ast> for Statements {
    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let segments: Vec<String> = mac
            .path
            .segments
            .iter()
            .map(|segment| segment.ident.to_string())
            .collect();
        if let [first, second] = segments.as_slice()
            && first == "sqlx"
            && second.starts_with("query")
        {
            let span = mac.delimiter.span();
            self.lines += span.close().end().line - span.open().start().line;
        }
    }

    fn visit_item(&mut self, _: &'ast syn::Item) {
        // A nested function is measured on its own.
    }
}

impl<'ast> Visit<'ast> for FunctionLengths {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        if !is_test_only(item_attributes(item)) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        self.record(&item.sig.ident, &item.sig, &item.block);
        syn::visit::visit_item_fn(self, item);
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        self.record(&item.sig.ident, &item.sig, &item.block);
        syn::visit::visit_impl_item_fn(self, item);
    }

    fn visit_trait_item_fn(&mut self, item: &'ast syn::TraitItemFn) {
        if let Some(body) = &item.default {
            self.record(&item.sig.ident, &item.sig, body);
        }
        syn::visit::visit_trait_item_fn(self, item);
    }
}

fn source_dir(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// Every reference from one module to another, with the file it was written in.
struct Sources {
    modules: BTreeSet<ModulePath>,
    /// (from, to) → the path as written, for the message.
    references: BTreeMap<(ModulePath, ModulePath), String>,
}

impl Sources {
    fn read(root: &Path) -> Self {
        let mut files = Vec::new();
        collect_files(root, root, &mut files);
        Self::from_files(files)
    }

    fn from_files(files: Vec<(ModulePath, String)>) -> Self {
        let modules: BTreeSet<ModulePath> =
            files.iter().map(|(module, _)| module.clone()).collect();
        let mut references = BTreeMap::new();
        for (module, text) in &files {
            let file = syn::parse_file(text).unwrap_or_else(|error| panic!("{module:?}: {error}"));
            let mut collector = Collector { paths: Vec::new() };
            collector.visit_file(&file);
            for path in collector.paths {
                let Some(absolute) = absolute(module, &path) else {
                    continue;
                };
                let Some(target) = longest_module(&modules, &absolute) else {
                    continue;
                };
                if !target.starts_with(module) || target == *module {
                    references
                        .entry((module.clone(), target))
                        .or_insert_with(|| path.join("::"));
                }
            }
        }
        Self {
            modules,
            references,
        }
    }

    fn layer_violations(&self, rules: &[(&str, &[&str], &str)]) -> Vec<String> {
        let mut problems = Vec::new();
        for ((from, to), written) in &self.references {
            for (layer, forbidden, reason) in rules {
                let layer = parse_module(layer);
                if !from.starts_with(&layer) || to.starts_with(&layer) {
                    continue;
                }
                let applies = forbidden
                    .iter()
                    .any(|name| *name == "*" || to.starts_with(&parse_module(name)));
                if applies {
                    problems.push(format!(
                        "{} names {} ({written}): {reason}",
                        show(from),
                        show(to)
                    ));
                }
            }
        }
        problems
    }

    /// For every module, the graph among its children (a child standing for all below it):
    /// each strongly connected part of more than one child is a cycle.
    fn cycles(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for parent in &self.modules {
            let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
            let mut examples: BTreeMap<(String, String), String> = BTreeMap::new();
            for ((from, to), written) in &self.references {
                let (Some(a), Some(b)) = (child_of(parent, from), child_of(parent, to)) else {
                    continue;
                };
                if a != b {
                    edges.entry(a.clone()).or_default().insert(b.clone());
                    examples
                        .entry((a, b))
                        .or_insert_with(|| format!("{} → {written}", show(from)));
                }
            }
            for part in strongly_connected(&edges) {
                let mut shown: Vec<String> = Vec::new();
                for a in &part {
                    for b in &part {
                        if let Some(example) = examples.get(&(a.clone(), b.clone())) {
                            shown.push(format!("    {example}"));
                        }
                    }
                }
                problems.push(format!(
                    "cycle in {} among {}:\n{}",
                    show(parent),
                    part.join(", "),
                    shown.join("\n")
                ));
            }
        }
        problems
    }
}

fn parse_module(name: &str) -> ModulePath {
    name.split("::").map(str::to_owned).collect()
}

fn show(module: &ModulePath) -> String {
    if module.is_empty() {
        "the crate root".to_owned()
    } else {
        module.join("::")
    }
}

/// The child of `parent` that `module` is or lies under, if it lies under `parent` at all.
fn child_of(parent: &ModulePath, module: &ModulePath) -> Option<String> {
    if module.len() > parent.len() && module.starts_with(parent) {
        Some(module[parent.len()].clone())
    } else {
        None
    }
}

/// Tarjan's algorithm, returning only the parts with more than one node.
fn strongly_connected(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct Walk<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        parts: Vec<Vec<String>>,
    }
    impl<'a> Walk<'a> {
        fn visit(&mut self, node: &'a str) {
            let number = self.index.len();
            self.index.insert(node, number);
            self.low.insert(node, number);
            self.stack.push(node);
            self.on_stack.insert(node);
            for next in self.edges.get(node).into_iter().flatten() {
                if !self.index.contains_key(next.as_str()) {
                    self.visit(next);
                    let low = self.low[node].min(self.low[next.as_str()]);
                    self.low.insert(node, low);
                } else if self.on_stack.contains(next.as_str()) {
                    let low = self.low[node].min(self.index[next.as_str()]);
                    self.low.insert(node, low);
                }
            }
            if self.low[node] == self.index[node] {
                let mut part = Vec::new();
                while let Some(top) = self.stack.pop() {
                    self.on_stack.remove(top);
                    part.push(top.to_owned());
                    if top == node {
                        break;
                    }
                }
                if part.len() > 1 {
                    part.sort();
                    self.parts.push(part);
                }
            }
        }
    }
    let mut walk = Walk {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        parts: Vec::new(),
    };
    for node in edges.keys() {
        if !walk.index.contains_key(node.as_str()) {
            walk.visit(node);
        }
    }
    walk.parts
}

/// Every `.rs` file under `root` with its module path (`lib.rs` is the root; `main.rs`, a
/// binary beside a library, is left out).
fn collect_files(root: &Path, dir: &Path, files: &mut Vec<(ModulePath, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect_files(root, &path, files);
            continue;
        }
        if path.extension().is_none_or(|extension| extension != "rs") {
            continue;
        }
        let relative = path.strip_prefix(root).expect("under the root");
        let mut module: ModulePath = relative
            .iter()
            .map(|part| part.to_string_lossy().trim_end_matches(".rs").to_owned())
            .collect();
        match module.last().map(String::as_str) {
            Some("main") if module.len() == 1 => continue,
            Some("lib") if module.len() == 1 => {
                module.pop();
            }
            Some("mod") => {
                module.pop();
            }
            _ => {}
        }
        let text = std::fs::read_to_string(&path).expect("a readable source file");
        files.push((module, text));
    }
}

/// The absolute module path a written path starts from, or `None` for a path outside the crate.
fn absolute(module: &ModulePath, written: &[String]) -> Option<ModulePath> {
    let mut base = module.clone();
    let mut rest = written;
    match written.first().map(String::as_str) {
        Some("crate") => {
            base.clear();
            rest = &written[1..];
        }
        Some("self") => rest = &written[1..],
        Some("super") => {
            while rest.first().map(String::as_str) == Some("super") {
                base.pop()?;
                rest = &rest[1..];
            }
        }
        _ => return None,
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

fn longest_module(modules: &BTreeSet<ModulePath>, path: &ModulePath) -> Option<ModulePath> {
    (0..=path.len())
        .rev()
        .map(|length| path[..length].to_vec())
        .find(|prefix| modules.contains(prefix))
}

/// Collects every path of the file that is not test code.
struct Collector {
    paths: Vec<Vec<String>>,
}

fn is_test_only(attributes: &[syn::Attribute]) -> bool {
    attributes.iter().any(|attribute| {
        attribute.path().is_ident("cfg")
            && attribute
                .parse_args::<syn::Path>()
                .is_ok_and(|path| path.is_ident("test"))
    })
}

impl<'ast> Visit<'ast> for Collector {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        if !is_test_only(item_attributes(item)) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        flatten(&item.tree, &mut Vec::new(), &mut self.paths);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        self.paths.push(
            path.segments
                .iter()
                .map(|segment| segment.ident.to_string())
                .collect(),
        );
        syn::visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        // Macro bodies (`view!`, `sqlx::query!`) are tokens, not syntax: read the paths in them.
        collect_token_paths(mac.tokens.clone(), &mut self.paths);
        syn::visit::visit_macro(self, mac);
    }
}

/// `a::b::c` sequences of identifiers in a token stream, at any depth.
fn collect_token_paths(tokens: proc_macro2::TokenStream, paths: &mut Vec<Vec<String>>) {
    let mut current: Vec<String> = Vec::new();
    let mut colons = 0;
    fn finish(current: &mut Vec<String>, paths: &mut Vec<Vec<String>>) {
        if current.len() > 1 {
            paths.push(std::mem::take(current));
        } else {
            current.clear();
        }
    }
    for token in tokens {
        match token {
            proc_macro2::TokenTree::Ident(ident) => {
                if colons != 2 && !current.is_empty() {
                    finish(&mut current, paths);
                }
                current.push(ident.to_string());
                colons = 0;
            }
            proc_macro2::TokenTree::Punct(punct) if punct.as_char() == ':' => colons += 1,
            proc_macro2::TokenTree::Group(group) => {
                finish(&mut current, paths);
                colons = 0;
                collect_token_paths(group.stream(), paths);
            }
            _ => {
                finish(&mut current, paths);
                colons = 0;
            }
        }
    }
    finish(&mut current, paths);
}

fn flatten(tree: &syn::UseTree, prefix: &mut Vec<String>, paths: &mut Vec<Vec<String>>) {
    match tree {
        syn::UseTree::Path(path) => {
            prefix.push(path.ident.to_string());
            flatten(&path.tree, prefix, paths);
            prefix.pop();
        }
        syn::UseTree::Name(name) => {
            let mut path = prefix.clone();
            if name.ident != "self" {
                path.push(name.ident.to_string());
            }
            paths.push(path);
        }
        syn::UseTree::Rename(rename) => {
            let mut path = prefix.clone();
            path.push(rename.ident.to_string());
            paths.push(path);
        }
        syn::UseTree::Glob(_) => paths.push(prefix.clone()),
        syn::UseTree::Group(group) => {
            for item in &group.items {
                flatten(item, prefix, paths);
            }
        }
    }
}
