//! Rows in PostgreSQL's CSV COPY format: every value quoted, an unquoted empty field for null.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use uuid::Uuid;

/// A buffer of CSV rows for one table; each row is its fields in column order, then `end`.
#[derive(Default)]
pub struct Csv {
    buffer: Vec<u8>,
    at_row_start: bool,
    pub rows: u64,
}

impl Csv {
    pub fn as_bytes(&self) -> &[u8] {
        &self.buffer
    }

    fn separate(&mut self) {
        if !self.buffer.is_empty() && !self.at_row_start {
            self.buffer.push(b',');
        }
        self.at_row_start = false;
    }

    fn raw(&mut self, value: &str) -> &mut Self {
        self.separate();
        self.buffer.extend_from_slice(value.as_bytes());
        self
    }

    pub fn text(&mut self, value: &str) -> &mut Self {
        self.separate();
        self.buffer.push(b'"');
        for byte in value.bytes() {
            if byte == b'"' {
                self.buffer.push(b'"');
            }
            self.buffer.push(byte);
        }
        self.buffer.push(b'"');
        self
    }

    pub fn null(&mut self) -> &mut Self {
        self.raw("")
    }

    pub fn int(&mut self, value: i64) -> &mut Self {
        self.raw(&value.to_string())
    }

    pub fn bool(&mut self, value: bool) -> &mut Self {
        self.raw(if value { "t" } else { "f" })
    }

    pub fn uuid(&mut self, value: Uuid) -> &mut Self {
        self.raw(&value.to_string())
    }

    pub fn optional_uuid(&mut self, value: Option<Uuid>) -> &mut Self {
        match value {
            Some(value) => self.uuid(value),
            None => self.null(),
        }
    }

    pub fn time(&mut self, value: DateTime<Utc>) -> &mut Self {
        self.raw(&value.to_rfc3339_opts(SecondsFormat::Micros, true))
    }

    pub fn optional_time(&mut self, value: Option<DateTime<Utc>>) -> &mut Self {
        match value {
            Some(value) => self.time(value),
            None => self.null(),
        }
    }

    /// A `text[]` of plain words (no quotes, commas or braces in them).
    pub fn array(&mut self, values: &[String]) -> &mut Self {
        self.text(&format!("{{{}}}", values.join(",")))
    }

    pub fn json(&mut self, value: &impl Serialize) -> anyhow::Result<&mut Self> {
        Ok(self.text(&serde_json::to_string(value)?))
    }

    pub fn end(&mut self) {
        self.buffer.push(b'\n');
        self.at_row_start = true;
        self.rows += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_doubled_and_nulls_are_empty() {
        let mut csv = Csv::default();
        csv.text("say \"hi\"").null().int(7).bool(true).end();
        csv.array(&["a".into(), "b".into()]).end();
        assert_eq!(
            String::from_utf8_lossy(csv.as_bytes()),
            "\"say \"\"hi\"\"\",,7,t\n\"{a,b}\"\n"
        );
        assert_eq!(csv.rows, 2);
    }
}
