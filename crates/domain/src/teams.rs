//! Teams (区域/团队): a tree; a manager's scope is every member of the teams they manage,
//! recursively through child teams.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use validator::Validate;

use crate::validation;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamDto {
    pub id: i64,
    pub name: String,
    pub region: Option<String>,
    pub manager_id: Option<i64>,
    pub parent_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateTeamRequest {
    #[validate(length(min = 1, max = 64), custom(function = "validation::not_blank"))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 64, example = "华东一组")
    )]
    pub name: String,
    #[serde(default)]
    #[validate(length(max = 64))]
    #[cfg_attr(feature = "openapi", schema(max_length = 64, example = "华东"))]
    pub region: Option<String>,
    #[serde(default)]
    pub manager_id: Option<i64>,
    #[serde(default)]
    pub parent_id: Option<i64>,
}

/// PATCH body: absent fields are left alone; `null` clears a nullable field.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateTeamRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(min = 1, max = 64), custom(function = "validation::not_blank"))]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 64, pattern = r"\S")
    )]
    pub name: Option<String>,
    #[serde(
        default,
        deserialize_with = "crate::serde_helpers::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[validate(length(max = 64))]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 64))]
    pub region: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "crate::serde_helpers::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub manager_id: Option<Option<i64>>,
    #[serde(
        default,
        deserialize_with = "crate::serde_helpers::double_option",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub parent_id: Option<Option<i64>>,
}

/// The teams whose members a manager may see: the teams they manage and every team below
/// those, through `parent_id`. `teams` is `(id, parent_id, manager_id)` for every team.
pub fn teams_in_scope(manager_id: i64, teams: &[(i64, Option<i64>, Option<i64>)]) -> BTreeSet<i64> {
    let mut children: HashMap<i64, Vec<i64>> = HashMap::new();
    for &(id, parent, _) in teams {
        if let Some(p) = parent {
            children.entry(p).or_default().push(id);
        }
    }
    let mut scope = BTreeSet::new();
    let mut stack: Vec<i64> = teams
        .iter()
        .filter(|(_, _, m)| *m == Some(manager_id))
        .map(|(id, _, _)| *id)
        .collect();
    while let Some(id) = stack.pop() {
        // `insert` is false on a team seen before, so a cycle in bad data cannot loop forever.
        if scope.insert(id) {
            stack.extend(children.get(&id).into_iter().flatten().copied());
        }
    }
    scope
}

/// Whether making `parent_id` the parent of `team_id` would close a loop in the tree.
pub fn would_create_cycle(team_id: i64, parent_id: i64, teams: &[(i64, Option<i64>)]) -> bool {
    let parents: HashMap<i64, Option<i64>> = teams.iter().copied().collect();
    let mut cursor = Some(parent_id);
    let mut steps = 0;
    while let Some(id) = cursor {
        if id == team_id {
            return true;
        }
        steps += 1;
        if steps > teams.len() + 1 {
            return true;
        }
        cursor = parents.get(&id).copied().flatten();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_follows_child_teams() {
        // 1 (mgr 10) ─ 2 ─ 3 ; 4 (mgr 11) ; 5 (mgr 10, child of 4)
        let teams = [
            (1, None, Some(10)),
            (2, Some(1), Some(12)),
            (3, Some(2), None),
            (4, None, Some(11)),
            (5, Some(4), Some(10)),
        ];
        assert_eq!(teams_in_scope(10, &teams), BTreeSet::from([1, 2, 3, 5]));
        assert_eq!(teams_in_scope(11, &teams), BTreeSet::from([4, 5]));
        assert_eq!(teams_in_scope(12, &teams), BTreeSet::from([2, 3]));
        assert!(teams_in_scope(99, &teams).is_empty());
    }

    #[test]
    fn scope_survives_a_cycle_in_data() {
        let teams = [(1, Some(2), Some(10)), (2, Some(1), None)];
        assert_eq!(teams_in_scope(10, &teams), BTreeSet::from([1, 2]));
    }

    #[test]
    fn cycles_are_detected() {
        let teams = [(1, None), (2, Some(1)), (3, Some(2))];
        assert!(would_create_cycle(1, 3, &teams));
        assert!(would_create_cycle(2, 2, &teams));
        assert!(!would_create_cycle(3, 1, &teams));
        assert!(!would_create_cycle(1, 4, &teams));
    }
}
