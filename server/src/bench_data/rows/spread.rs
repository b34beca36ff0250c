//! Which party gets each dialog: the worst cases get their share, the rest spreads over the tail.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::bench_data::people::{
    self, PARENT_ORGANIZATION, PERSONA_ORGANIZATIONS, PERSONA_PERSONS, Register, SUB_UNITS,
};

/// Who a dialog belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    Person(usize),
    Organization(usize),
}

/// The worst cases: how many dialogs each persona party gets at most, and the share of a small
/// data set it may take instead.
pub(super) const WORST_CASES: [(Owner, u64, f64); 6] = [
    (Owner::Organization(0), 73_000, 0.25),
    (Owner::Organization(1), 34_000, 0.12),
    (Owner::Organization(PARENT_ORGANIZATION), 10_000, 0.04),
    (Owner::Person(people::persona::PERSON_73K), 73_000, 0.10),
    (Owner::Person(people::persona::PERSON_34K), 34_000, 0.05),
    (Owner::Person(people::persona::PERSON_10K), 10_000, 0.02),
];

/// Which party gets each dialog: the worst cases' counts, the rest spread over the tail.
pub struct Spread {
    total: u64,
    cumulative: Vec<(Owner, u64)>,
}

impl Spread {
    pub fn new(total: u64) -> Self {
        let mut sum = 0;
        let cumulative = WORST_CASES
            .iter()
            .map(|&(owner, most, share)| {
                let count = most.min((total as f64 * share) as u64);
                sum += count;
                (owner, sum)
            })
            .collect();
        Self { total, cumulative }
    }

    /// How many dialogs each worst case gets (expected).
    pub fn worst_cases(&self) -> Vec<(Owner, u64)> {
        let mut previous = 0;
        self.cumulative
            .iter()
            .map(|&(owner, until)| {
                let count = until - previous;
                previous = until;
                (owner, count)
            })
            .collect()
    }

    pub(super) fn draw(&self, rng: &mut ChaCha8Rng, register: &Register) -> Owner {
        let at = rng.random_range(0..self.total);
        match self.cumulative.iter().find(|(_, until)| at < *until) {
            Some((Owner::Organization(PARENT_ORGANIZATION), _)) => {
                Owner::Organization(PARENT_ORGANIZATION + rng.random_range(0..=SUB_UNITS))
            }
            Some((owner, _)) => *owner,
            None if rng.random_bool(0.7) => {
                Owner::Person(rng.random_range(PERSONA_PERSONS..register.persons.len()))
            }
            None => Owner::Organization(
                rng.random_range(PERSONA_ORGANIZATIONS..register.organizations.len()),
            ),
        }
    }
}
