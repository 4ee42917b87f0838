//! Deposit bonuses: extra balance for a top-up from a threshold within dates, a percent or
//! a fixed amount, capped. Customers type no code: the best bonus that was on when a deposit
//! was opened is credited, as its own `bonus` ledger line, in the transaction that credits
//! the paid deposit (settlement). Bonuses never stack; staff switch one off instead of
//! deleting it, so the ledger's notes keep meaning something.

use crate::money::Rupiah;
use crate::promos::PromoKind;
use serde::{Deserialize, Serialize};

/// A deposit bonus as staff manage it and customers see it on the top-up page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DepositBonus {
    pub id: String,
    /// Shown to customers and written on the ledger line ("Bonus Harbolnas").
    pub name: String,
    pub kind: PromoKind,
    /// Percent (1–100) or rupiah, by `kind`.
    pub amount: i64,
    pub cap: Option<Rupiah>,
    pub min_deposit: Rupiah,
    /// WIB calendar days (`YYYY-MM-DD`), both included; `until` empty = open-ended.
    pub valid_from_date: String,
    pub valid_until_date: String,
    pub active: bool,
}

impl DepositBonus {
    /// What a deposit of `deposit` earns (zero under the threshold).
    pub fn bonus_on(&self, deposit: Rupiah) -> Rupiah {
        if deposit < self.min_deposit || !deposit.is_positive() {
            return Rupiah::ZERO;
        }
        let bonus = match self.kind {
            PromoKind::Percent => deposit.percent(self.amount.clamp(0, 100)),
            PromoKind::Fixed => Rupiah(self.amount),
        };
        self.cap.map_or(bonus, |cap| bonus.min(cap))
    }
}

#[cfg(feature = "ssr")]
pub mod store {
    //! The `deposit_bonuses` table.
    use super::DepositBonus;
    use crate::clock::{Clock, wib_date};
    use crate::db::{Db, Tx};
    use crate::money::Rupiah;
    use crate::promos::PromoKind;
    use crate::{on_db, on_tx};
    use chrono::{DateTime, Utc};

    #[derive(Debug, Clone, sqlx::FromRow)]
    struct BonusRow {
        id: String,
        name: String,
        kind: String,
        amount: i64,
        cap: Option<Rupiah>,
        min_deposit: Rupiah,
        valid_from: DateTime<Utc>,
        valid_until: Option<DateTime<Utc>>,
        active: bool,
    }

    impl BonusRow {
        fn runs_at(&self, at: &DateTime<Utc>) -> bool {
            self.active && self.valid_from <= *at && self.valid_until.is_none_or(|until| *at < until)
        }

        fn to_bonus(&self) -> DepositBonus {
            DepositBonus {
                id: self.id.clone(),
                name: self.name.clone(),
                kind: PromoKind::from_code(&self.kind).unwrap_or(PromoKind::Percent),
                amount: self.amount,
                cap: self.cap,
                min_deposit: self.min_deposit,
                valid_from_date: wib_date(&self.valid_from),
                // Stored as the instant after the last day.
                valid_until_date: self
                    .valid_until
                    .map(|until| wib_date(&(until - chrono::Duration::seconds(1))))
                    .unwrap_or_default(),
                active: self.active,
            }
        }
    }

    const COLUMNS: &str = "id, name, kind, amount, cap, min_deposit, valid_from, valid_until, active";

    /// The bonuses switched on (dates are checked in Rust: a handful of rows, and one rule
    /// for both engines' time types).
    fn switched_on_sql() -> String {
        format!("SELECT {COLUMNS} FROM deposit_bonuses WHERE active ORDER BY id")
    }

    /// Terms as staff enter them.
    #[derive(Debug, Clone)]
    pub struct NewBonus {
        pub name: String,
        pub kind: PromoKind,
        pub amount: i64,
        pub cap: Option<Rupiah>,
        pub min_deposit: Rupiah,
        pub valid_from: DateTime<Utc>,
        /// The instant after the last day.
        pub valid_until: Option<DateTime<Utc>>,
    }

    /// Every bonus, newest first (a short list: a handful a year).
    pub async fn list(db: &Db) -> Result<Vec<DepositBonus>, sqlx::Error> {
        let sql = format!("SELECT {COLUMNS} FROM deposit_bonuses ORDER BY valid_from DESC, id DESC");
        let rows: Vec<BonusRow> = on_db!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await)?;
        Ok(rows.iter().map(BonusRow::to_bonus).collect())
    }

    /// The bonuses running at `at` (switched on, within their dates).
    pub async fn running(db: &Db, at: &DateTime<Utc>) -> Result<Vec<DepositBonus>, sqlx::Error> {
        let sql = switched_on_sql();
        let rows: Vec<BonusRow> = on_db!(db, pool => sqlx::query_as(&sql).fetch_all(pool).await)?;
        Ok(rows
            .iter()
            .filter(|row| row.runs_at(at))
            .map(BonusRow::to_bonus)
            .collect())
    }

    /// The best bonus a deposit of `deposit` opened at `opened` earns, and how much; `None`
    /// when none applies. Read in the caller's transaction (the settlement's).
    pub async fn best_in(
        tx: &mut Tx,
        deposit: Rupiah,
        opened: &DateTime<Utc>,
    ) -> Result<Option<(DepositBonus, Rupiah)>, sqlx::Error> {
        let sql = switched_on_sql();
        let rows: Vec<BonusRow> = on_tx!(tx, conn => sqlx::query_as(&sql).fetch_all(&mut *conn).await)?;
        Ok(rows
            .iter()
            .filter(|row| row.runs_at(opened))
            .map(|row| {
                let bonus = row.to_bonus();
                let earned = bonus.bonus_on(deposit);
                (bonus, earned)
            })
            .filter(|(_, earned)| earned.is_positive())
            .max_by_key(|(_, earned)| *earned))
    }

    /// Creates a bonus (switched on); returns its id.
    pub async fn create(tx: &mut Tx, clock: &dyn Clock, bonus: &NewBonus) -> Result<String, sqlx::Error> {
        let id = uuid::Uuid::now_v7().to_string();
        let now = clock.now();
        on_tx!(tx, conn => sqlx::query(
            "INSERT INTO deposit_bonuses (id, name, kind, amount, cap, min_deposit, valid_from, valid_until, \
             active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, TRUE, $9, $9)",
        )
        .bind(&id)
        .bind(&bonus.name)
        .bind(bonus.kind.code())
        .bind(bonus.amount)
        .bind(bonus.cap)
        .bind(bonus.min_deposit)
        .bind(bonus.valid_from)
        .bind(bonus.valid_until)
        .bind(now)
        .execute(&mut *conn)
        .await
        .map(|_| ()))?;
        Ok(id)
    }

    /// Changes a bonus's terms; `false` when there is no such bonus.
    pub async fn update(
        tx: &mut Tx,
        clock: &dyn Clock,
        id: &str,
        bonus: &NewBonus,
    ) -> Result<bool, sqlx::Error> {
        on_tx!(tx, conn => sqlx::query(
            "UPDATE deposit_bonuses SET name = $2, kind = $3, amount = $4, cap = $5, min_deposit = $6, \
             valid_from = $7, valid_until = $8, updated_at = $9 WHERE id = $1",
        )
        .bind(id)
        .bind(&bonus.name)
        .bind(bonus.kind.code())
        .bind(bonus.amount)
        .bind(bonus.cap)
        .bind(bonus.min_deposit)
        .bind(bonus.valid_from)
        .bind(bonus.valid_until)
        .bind(clock.now())
        .execute(&mut *conn)
        .await
        .map(|done| done.rows_affected() == 1))
    }

    /// Switches a bonus on or off; `false` when there is no such bonus.
    pub async fn set_active(
        tx: &mut Tx,
        clock: &dyn Clock,
        id: &str,
        active: bool,
    ) -> Result<bool, sqlx::Error> {
        on_tx!(tx, conn => sqlx::query("UPDATE deposit_bonuses SET active = $2, updated_at = $3 WHERE id = $1")
            .bind(id)
            .bind(active)
            .bind(clock.now())
            .execute(&mut *conn)
            .await
            .map(|done| done.rows_affected() == 1))
    }
}

#[cfg(test)]
mod tests {
    use super::DepositBonus;
    use crate::money::Rupiah;
    use crate::promos::PromoKind;

    fn bonus(kind: PromoKind, amount: i64, cap: Option<i64>, min: i64) -> DepositBonus {
        DepositBonus {
            id: "b".into(),
            name: "Bonus".into(),
            kind,
            amount,
            cap: cap.map(Rupiah),
            min_deposit: Rupiah(min),
            valid_from_date: String::new(),
            valid_until_date: String::new(),
            active: true,
        }
    }

    #[test]
    fn percent_bonuses_are_capped_and_start_at_the_threshold() {
        let ten_percent = bonus(PromoKind::Percent, 10, Some(50_000), 100_000);
        assert_eq!(ten_percent.bonus_on(Rupiah(99_999)), Rupiah::ZERO);
        assert_eq!(ten_percent.bonus_on(Rupiah(100_000)), Rupiah(10_000));
        assert_eq!(ten_percent.bonus_on(Rupiah(250_004)), Rupiah(25_000));
        assert_eq!(ten_percent.bonus_on(Rupiah(2_000_000)), Rupiah(50_000));
    }

    #[test]
    fn fixed_bonuses_pay_their_amount_within_the_cap() {
        assert_eq!(
            bonus(PromoKind::Fixed, 20_000, None, 0).bonus_on(Rupiah(10_000)),
            Rupiah(20_000)
        );
        assert_eq!(
            bonus(PromoKind::Fixed, 20_000, Some(5_000), 0).bonus_on(Rupiah(10_000)),
            Rupiah(5_000)
        );
        assert_eq!(
            bonus(PromoKind::Fixed, 20_000, None, 0).bonus_on(Rupiah::ZERO),
            Rupiah::ZERO
        );
    }
}
