//! Demo trainings (`SALESOPS_DEMO=1`, issue 13): each manager trains their team once a month
//! (the managers' `trainings` item reads them); 刘洋 fails an assessment and passes the next
//! month's, 周欣 fails the latest and is on the retraining list.

use chrono::Duration;
use salesops_domain::period::Month;
use salesops_domain::trainings::{AssessmentRequest, TrainingKind, TrainingRequest};

use super::scoring::Cast;
use crate::db::Tx;
use crate::error::AppResult;
use crate::trainings::service;

const TOPICS: [(TrainingKind, &str); 6] = [
    (TrainingKind::Product, "新款楼宇控制器的选型与报价"),
    (TrainingKind::Skills, "大客户拜访：需求挖掘与异议处理"),
    (TrainingKind::Industry, "智能建筑行业政策与市场趋势"),
    (TrainingKind::Legal, "合同条款与回款风险防范"),
    (TrainingKind::Product, "系统集成方案讲解与演示"),
    (TrainingKind::Skills, "招投标流程与标书要点"),
];

/// (team, month index, salesperson index within the team, passed, points, note).
type Assessment = (usize, usize, usize, bool, i32, &'static str);

const ASSESSMENTS: [Assessment; 9] = [
    (0, 4, 0, true, 88, ""),
    (0, 4, 1, false, 52, "方案讲解不熟练，需重新培训"),
    (0, 4, 2, true, 91, ""),
    (0, 4, 3, true, 76, ""),
    (0, 5, 1, true, 82, "补训后考核通过"),
    (1, 5, 0, true, 90, ""),
    (1, 5, 1, true, 79, ""),
    (1, 5, 2, false, 48, "标书要点掌握不足，安排再培训"),
    (1, 5, 3, true, 85, ""),
];

pub(super) fn seed(conn: &mut Tx<'_>, cast: &Cast, months: &[Month]) -> AppResult<()> {
    for (team, manager) in cast.managers.iter().enumerate() {
        let members: Vec<i64> = cast
            .sales
            .iter()
            .filter(|(_, boss)| *boss == team)
            .map(|(sp, _)| sp.user_id)
            .collect();
        if members.is_empty() {
            continue;
        }
        for (mi, (month, (kind, topic))) in months.iter().zip(TOPICS).enumerate() {
            let t = service::create(
                conn,
                manager,
                &TrainingRequest {
                    date: month.first_day() + Duration::days(14 + team as i64),
                    topic: topic.to_owned(),
                    kind,
                    trainer_id: manager.user_id,
                    attendee_ids: members.clone(),
                    notes: Some("培训后进行书面考核".to_owned()),
                    version: None,
                },
            )?;
            for (_, _, who, passed, score, note) in
                ASSESSMENTS.iter().filter(|a| a.0 == team && a.1 == mi)
            {
                let Some(user_id) = members.get(*who) else {
                    continue;
                };
                service::assess(
                    conn,
                    manager,
                    t.id,
                    &AssessmentRequest {
                        user_id: *user_id,
                        passed: *passed,
                        score: Some(*score),
                        note: (!note.is_empty()).then(|| (*note).to_owned()),
                    },
                )?;
            }
        }
    }
    Ok(())
}
