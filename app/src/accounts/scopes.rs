//! What an API key may do: read or write, per area. A key holds a list of scopes
//! (`orders:write services:read`); write includes read. A browser session is not limited by
//! scopes (it is the person), and no key ever acts as staff.

use serde::{Deserialize, Serialize};

/// The parts of the API a scope opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Area {
    Catalog,
    Orders,
    Billing,
    Services,
    Notifications,
}

impl Area {
    pub const ALL: [Area; 5] = [
        Area::Catalog,
        Area::Orders,
        Area::Billing,
        Area::Services,
        Area::Notifications,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Area::Catalog => "catalog",
            Area::Orders => "orders",
            Area::Billing => "billing",
            Area::Services => "services",
            Area::Notifications => "notifications",
        }
    }

    /// Whether a key may be given write access here (customers do not write the catalog).
    pub fn writable(self) -> bool {
        self != Area::Catalog
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Access {
    Read,
    Write,
}

impl Access {
    pub fn code(self) -> &'static str {
        match self {
            Access::Read => "read",
            Access::Write => "write",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Scope {
    pub area: Area,
    pub access: Access,
}

impl Scope {
    pub const fn new(area: Area, access: Access) -> Scope {
        Scope { area, access }
    }

    /// `orders:write`.
    pub fn code(self) -> String {
        format!("{}:{}", self.area.code(), self.access.code())
    }

    pub fn parse(code: &str) -> Option<Scope> {
        let (area, access) = code.split_once(':')?;
        let area = Area::ALL.into_iter().find(|candidate| candidate.code() == area)?;
        let access = [Access::Read, Access::Write]
            .into_iter()
            .find(|candidate| candidate.code() == access)?;
        (access == Access::Read || area.writable()).then_some(Scope { area, access })
    }

    /// Whether holding `self` allows `wanted` (write includes read).
    pub fn covers(self, wanted: Scope) -> bool {
        self.area == wanted.area && self.access >= wanted.access
    }
}

/// A key's scopes, as stored (space-separated codes) and shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scopes(pub Vec<Scope>);

impl Scopes {
    pub fn allows(&self, wanted: Scope) -> bool {
        self.0.iter().any(|held| held.covers(wanted))
    }

    /// From the stored text; codes this version does not know are dropped (never widened).
    pub fn parse(text: &str) -> Scopes {
        Scopes(text.split_whitespace().filter_map(Scope::parse).collect())
    }

    pub fn to_text(&self) -> String {
        self.0
            .iter()
            .map(|scope| scope.code())
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_includes_read_of_its_own_area_only() {
        let scopes = Scopes::parse("orders:write notifications:read");
        assert!(scopes.allows(Scope::new(Area::Orders, Access::Read)));
        assert!(scopes.allows(Scope::new(Area::Orders, Access::Write)));
        assert!(scopes.allows(Scope::new(Area::Notifications, Access::Read)));
        assert!(!scopes.allows(Scope::new(Area::Notifications, Access::Write)));
        assert!(!scopes.allows(Scope::new(Area::Services, Access::Read)));
    }

    #[test]
    fn stored_text_round_trips_and_unknown_codes_grant_nothing() {
        let scopes = Scopes::parse("billing:read services:write");
        assert_eq!(Scopes::parse(&scopes.to_text()), scopes);
        assert!(Scopes::parse("admin:write catalog:write orders everything").is_empty());
    }
}
