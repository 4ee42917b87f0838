//! Enums stored as their text code (`ACTIVE`, `queued` …) in a TEXT column on both engines.
//!
//! A row carries the enum itself instead of a `String` compared against literals; a code the
//! enum does not know fails the read loudly instead of being mapped to a default.

/// Implements sqlx's `Type`, `Encode` and `Decode` for an enum with `code(self) -> &'static str`
/// and `from_code(&str) -> Option<Self>`, on every engine that stores text.
#[macro_export]
macro_rules! stored_as_text {
    ($ty:ty) => {
        impl<DB: sqlx::Database> sqlx::Type<DB> for $ty
        where
            str: sqlx::Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <str as sqlx::Type<DB>>::type_info()
            }

            fn compatible(ty: &DB::TypeInfo) -> bool {
                <str as sqlx::Type<DB>>::compatible(ty)
            }
        }

        impl<'q, DB: sqlx::Database> sqlx::Encode<'q, DB> for $ty
        where
            &'q str: sqlx::Encode<'q, DB>,
        {
            fn encode_by_ref(
                &self,
                buf: &mut <DB as sqlx::Database>::ArgumentBuffer<'q>,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                let code: &'q str = self.code();
                <&'q str as sqlx::Encode<'q, DB>>::encode(code, buf)
            }
        }

        impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for $ty
        where
            &'r str: sqlx::Decode<'r, DB>,
        {
            fn decode(value: <DB as sqlx::Database>::ValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                let code = <&'r str as sqlx::Decode<'r, DB>>::decode(value)?;
                <$ty>::from_code(code)
                    .ok_or_else(|| format!("unknown {} code {code:?}", stringify!($ty)).into())
            }
        }
    };
}
