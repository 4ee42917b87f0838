//! The ids that cross modules, each its own type: a function that wants an order's id says
//! `&OrderId`, and handing it a user's id does not compile.
//!
//! They are UUID v7 text on the wire and in the database (TEXT on both engines), so
//! `serde` and `sqlx` see them as the string inside. Text from outside (a server function's
//! argument, a URL) becomes an id at the edge with `OrderId::from(text)`; an id that names
//! nothing is then a "not found" like any other. `Deref<Target = str>` lets an id be read
//! as text (formatting, comparing, SQL that takes `&str`) without giving text the id's type.

use serde::{Deserialize, Serialize};

macro_rules! entity_id {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "ssr", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(String);

        impl $name {
            /// A new id: a UUID v7, so ids sort by creation time.
            #[cfg(feature = "ssr")]
            pub fn generate() -> Self {
                Self(uuid::Uuid::now_v7().to_string())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                Self(text)
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self(text.to_string())
            }
        }

        impl From<&$name> for String {
            fn from(id: &$name) -> String {
                id.0.clone()
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str(&self.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                self == &other.0
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

entity_id!(
    /// A customer's or staff member's account.
    UserId
);
entity_id!(
    /// An order: one VPS bought once, from checkout to its service.
    OrderId
);
entity_id!(
    /// An invoice (for an order, a renewal …).
    InvoiceId
);
entity_id!(
    /// A VPS the customer has (or had).
    ServiceId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_their_text_on_the_wire() {
        let id = OrderId::from("0193a1b2-0000-7000-8000-000000000001");
        assert_eq!(
            serde_json::to_string(&id).unwrap(),
            "\"0193a1b2-0000-7000-8000-000000000001\""
        );
        let back: OrderId = serde_json::from_str("\"0193a1b2-0000-7000-8000-000000000001\"").unwrap();
        assert_eq!(back, id);
        assert_eq!(id, "0193a1b2-0000-7000-8000-000000000001");
        assert_eq!(
            format!("/orders/{id}"),
            "/orders/0193a1b2-0000-7000-8000-000000000001"
        );
    }
}
