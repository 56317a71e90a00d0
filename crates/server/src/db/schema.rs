//! The tables, in types both backends share (BigInt ids, Text, Bool, Timestamp as UTC).
//! Kept by hand, in step with both migration trees.

diesel::table! {
    users (id) {
        id -> BigInt,
        username -> Text,
        display_name -> Text,
        password_hash -> Text,
        team_id -> Nullable<BigInt>,
        phone -> Nullable<Text>,
        email -> Nullable<Text>,
        disabled_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        must_change_password -> Bool,
    }
}

diesel::table! {
    teams (id) {
        id -> BigInt,
        name -> Text,
        region -> Nullable<Text>,
        manager_id -> Nullable<BigInt>,
        parent_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    user_roles (user_id, role) {
        user_id -> BigInt,
        role -> Text,
    }
}

diesel::table! {
    sessions (id) {
        id -> BigInt,
        user_id -> BigInt,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        revoked_reason -> Nullable<Text>,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> BigInt,
        session_id -> BigInt,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    login_failures (id) {
        id -> BigInt,
        username -> Text,
        failed_at -> Timestamp,
        client_addr -> Text,
    }
}

diesel::table! {
    audit_events (id) {
        id -> BigInt,
        actor_id -> Nullable<BigInt>,
        action -> Text,
        entity_type -> Text,
        entity_id -> Text,
        before_json -> Nullable<Text>,
        after_json -> Nullable<Text>,
        request_id -> Nullable<Text>,
        created_at -> Timestamp,
        txid -> BigInt,
        owner_id -> Nullable<BigInt>,
    }
}

diesel::table! {
    webhooks (id) {
        id -> BigInt,
        owner_id -> BigInt,
        url -> Text,
        events_json -> Text,
        format -> Text,
        secret -> Text,
        scopes_json -> Nullable<Text>,
        enabled -> Bool,
        disabled_reason -> Nullable<Text>,
        consecutive_failures -> Integer,
        feed_txid -> BigInt,
        feed_seq -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> BigInt,
        webhook_id -> BigInt,
        event_seq -> BigInt,
        event -> Text,
        message_id -> Text,
        payload_json -> Text,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Nullable<Timestamp>,
        locked_by -> Nullable<Text>,
        locked_until -> Nullable<Timestamp>,
        response_code -> Nullable<Integer>,
        duration_ms -> Nullable<BigInt>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        delivered_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    clients (id) {
        id -> BigInt,
        name -> Text,
        company -> Nullable<Text>,
        position -> Nullable<Text>,
        phone -> Nullable<Text>,
        phone2 -> Nullable<Text>,
        phone_norm -> Nullable<Text>,
        phone2_norm -> Nullable<Text>,
        dup_key -> Nullable<Text>,
        email -> Nullable<Text>,
        address -> Nullable<Text>,
        region -> Nullable<Text>,
        industry -> Nullable<Text>,
        source -> Text,
        tier -> Text,
        stage -> Text,
        credit -> Text,
        needs -> Nullable<Text>,
        interests -> Nullable<Text>,
        owner_id -> BigInt,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        next_due -> Nullable<Text>,
        last_follow_up_at -> Nullable<Timestamp>,
        archived_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
        satisfaction_latest -> Nullable<Integer>,
        satisfaction_sum -> BigInt,
        satisfaction_count -> BigInt,
    }
}

diesel::table! {
    client_history (id) {
        id -> BigInt,
        client_id -> BigInt,
        field -> Text,
        old_value -> Nullable<Text>,
        new_value -> Nullable<Text>,
        actor_id -> Nullable<BigInt>,
        changed_at -> Timestamp,
    }
}

diesel::table! {
    follow_ups (id) {
        id -> BigInt,
        client_id -> BigInt,
        author_id -> BigInt,
        kind -> Text,
        occurred_at -> Timestamp,
        occurred_on -> Text,
        summary -> Text,
        needs -> Nullable<Text>,
        complaint -> Nullable<Text>,
        next_step -> Nullable<Text>,
        next_follow_up_date -> Nullable<Text>,
        created_at -> Timestamp,
        contract_id -> Nullable<BigInt>,
        method -> Nullable<Text>,
    }
}

diesel::table! {
    cases (id) {
        id -> BigInt,
        client_id -> BigInt,
        follow_up_id -> Nullable<BigInt>,
        opened_by -> BigInt,
        summary -> Text,
        state -> Text,
        resolution -> Nullable<Text>,
        opened_at -> Timestamp,
        escalated_at -> Nullable<Timestamp>,
        resolved_at -> Nullable<Timestamp>,
        updated_at -> Timestamp,
        version -> BigInt,
        escalated_to -> Nullable<BigInt>,
    }
}

diesel::table! {
    client_satisfaction (id) {
        id -> BigInt,
        client_id -> BigInt,
        author_id -> BigInt,
        score -> Integer,
        comment -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    handovers (id) {
        id -> BigInt,
        from_user_id -> BigInt,
        to_user_id -> BigInt,
        actor_id -> Nullable<BigInt>,
        note -> Nullable<Text>,
        counts_json -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    plans (id) {
        id -> BigInt,
        owner_id -> BigInt,
        kind -> Text,
        period -> Text,
        state -> Text,
        version -> BigInt,
        revision -> Integer,
        approved_revision -> Nullable<Integer>,
        calls_per_day -> Integer,
        visits_per_week -> Integer,
        new_clients -> Integer,
        sales_target -> Nullable<BigInt>,
        other_tasks -> Nullable<Text>,
        est_travel -> BigInt,
        est_per_diem -> BigInt,
        est_entertainment -> BigInt,
        est_communication -> BigInt,
        est_business_development -> BigInt,
        est_other -> BigInt,
        submitted_at -> Nullable<Timestamp>,
        late -> Bool,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
        decision_comment -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    plan_revisions (id) {
        id -> BigInt,
        plan_id -> BigInt,
        revision -> Integer,
        state -> Text,
        snapshot_json -> Text,
        submitted_at -> Timestamp,
        late -> Bool,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
        comment -> Nullable<Text>,
    }
}

diesel::table! {
    visits (id) {
        id -> BigInt,
        plan_id -> Nullable<BigInt>,
        owner_id -> BigInt,
        client_id -> BigInt,
        planned_date -> Text,
        time_from -> Nullable<Text>,
        time_to -> Nullable<Text>,
        purpose -> Nullable<Text>,
        place -> Nullable<Text>,
        status -> Text,
        unplanned -> Bool,
        rescheduled_from -> Nullable<Text>,
        completed_at -> Nullable<Timestamp>,
        latitude -> Nullable<Double>,
        longitude -> Nullable<Double>,
        off_site -> Bool,
        no_location -> Bool,
        distance_m -> Nullable<BigInt>,
        miss_reason -> Nullable<Text>,
        follow_up_id -> Nullable<BigInt>,
        false_report -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        version -> BigInt,
    }
}

diesel::table! {
    spot_checks (id) {
        id -> BigInt,
        visit_id -> BigInt,
        checker_id -> BigInt,
        result -> Text,
        note -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    daily_logs (id) {
        id -> BigInt,
        owner_id -> BigInt,
        log_date -> Text,
        calls_made -> Integer,
        visits -> Integer,
        notes -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    weekly_reports (id) {
        id -> BigInt,
        owner_id -> BigInt,
        week -> Text,
        state -> Text,
        version -> BigInt,
        sales_volume -> Nullable<Text>,
        collections -> Nullable<Text>,
        client_visits -> Nullable<Text>,
        sales_expenses -> Nullable<Text>,
        promotion_effect -> Nullable<Text>,
        key_clients -> Nullable<Text>,
        new_clients -> Nullable<Text>,
        abnormal_clients -> Nullable<Text>,
        clients_to_develop -> Nullable<Text>,
        competitor_moves -> Nullable<Text>,
        policy_changes -> Nullable<Text>,
        next_plan_id -> Nullable<BigInt>,
        figures_json -> Nullable<Text>,
        submitted_at -> Nullable<Timestamp>,
        late -> Bool,
        reviewed_by -> Nullable<BigInt>,
        reviewed_at -> Nullable<Timestamp>,
        review_comment -> Nullable<Text>,
        marks_json -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    monthly_reports (id) {
        id -> BigInt,
        owner_id -> BigInt,
        month -> Text,
        state -> Text,
        version -> BigInt,
        summary -> Nullable<Text>,
        next_month_plan -> Nullable<Text>,
        proposals -> Nullable<Text>,
        submitted_at -> Nullable<Timestamp>,
        late -> Bool,
        reviewed_by -> Nullable<BigInt>,
        reviewed_at -> Nullable<Timestamp>,
        review_comment -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        marks_json -> Nullable<Text>,
    }
}

diesel::table! {
    client_search_keys (owner_id, search_key, client_id) {
        owner_id -> BigInt,
        search_key -> Text,
        client_id -> BigInt,
    }
}

diesel::table! {
    /// One-off data upgrades done at start-up (`clients::phones`), one row each once done.
    data_upgrades (name) {
        name -> Text,
        done_at -> Timestamp,
    }
}

diesel::table! {
    /// 费用标准 (SPEC §8).
    expense_standards (id) {
        id -> BigInt,
        category -> Text,
        amount_fen -> BigInt,
        unit -> Text,
        city_tier -> Nullable<Integer>,
        role -> Nullable<Text>,
        effective_from -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// Monthly budgets per person and category (月度预算).
    budgets (id) {
        id -> BigInt,
        owner_id -> BigInt,
        month -> Text,
        category -> Text,
        amount_fen -> BigInt,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// 追加预算.
    budget_supplements (id) {
        id -> BigInt,
        owner_id -> BigInt,
        period -> Text,
        category -> Text,
        amount_fen -> BigInt,
        reason -> Text,
        state -> Text,
        version -> BigInt,
        decided_by -> Nullable<BigInt>,
        decided_at -> Nullable<Timestamp>,
        decision_comment -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    /// The approved weekly plans' estimates: that week's budget per category.
    plan_budgets (id) {
        id -> BigInt,
        plan_id -> BigInt,
        owner_id -> BigInt,
        week -> Text,
        category -> Text,
        amount_fen -> BigInt,
    }
}

diesel::table! {
    /// 借支.
    advances (id) {
        id -> BigInt,
        owner_id -> BigInt,
        plan_id -> BigInt,
        amount_fen -> BigInt,
        reason -> Text,
        state -> Text,
        version -> BigInt,
        manager_approved_by -> Nullable<BigInt>,
        payment_ref -> Nullable<Text>,
        paid_at -> Nullable<Timestamp>,
        paid_fen -> BigInt,
        offset_fen -> BigInt,
        repaid_fen -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    advance_repayments (id) {
        id -> BigInt,
        advance_id -> BigInt,
        amount_fen -> BigInt,
        note -> Nullable<Text>,
        recorded_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// 发票/收据 files, stored once each.
    receipts (id) {
        id -> BigInt,
        sha256 -> Text,
        invoice_number -> Nullable<Text>,
        content_type -> Text,
        size -> BigInt,
        storage_key -> Text,
        uploaded_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    /// 报销单.
    expense_claims (id) {
        id -> BigInt,
        owner_id -> BigInt,
        plan_id -> Nullable<BigInt>,
        advance_id -> Nullable<BigInt>,
        state -> Text,
        version -> BigInt,
        total_fen -> BigInt,
        approved_fen -> Nullable<BigInt>,
        offset_fen -> BigInt,
        payable_fen -> Nullable<BigInt>,
        payment_ref -> Nullable<Text>,
        submitted_at -> Nullable<Timestamp>,
        manager_approved_by -> Nullable<BigInt>,
        manager_approved_at -> Nullable<Timestamp>,
        finance_approved_by -> Nullable<BigInt>,
        finance_approved_at -> Nullable<Timestamp>,
        paid_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    expense_claim_lines (id) {
        id -> BigInt,
        claim_id -> BigInt,
        position -> Integer,
        date -> Text,
        place -> Nullable<Text>,
        reason -> Text,
        category -> Text,
        amount_fen -> BigInt,
        quantity -> Integer,
        city_tier -> Nullable<Integer>,
        visit_id -> Nullable<BigInt>,
        standard_fen -> Nullable<BigInt>,
        approved_fen -> Nullable<BigInt>,
        allow_over_standard -> Bool,
        over_budget -> Bool,
    }
}

diesel::table! {
    claim_line_receipts (line_id, receipt_id) {
        line_id -> BigInt,
        receipt_id -> BigInt,
    }
}

diesel::table! {
    /// Idempotency keys of money writes: the first response, replayed.
    idempotency_keys (id) {
        id -> BigInt,
        user_id -> BigInt,
        idem_key -> Text,
        operation -> Text,
        request_hash -> Text,
        state -> Text,
        status -> Nullable<Integer>,
        response -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    projects (id) {
        id -> BigInt,
        client_id -> BigInt,
        name -> Text,
        stage -> Text,
        expected_amount_fen -> BigInt,
        bid_date -> Nullable<Text>,
        expected_close -> Nullable<Text>,
        notes -> Nullable<Text>,
        lost_reason -> Nullable<Text>,
        version -> BigInt,
        created_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    contracts (id) {
        id -> BigInt,
        client_id -> BigInt,
        project_id -> Nullable<BigInt>,
        number -> Text,
        title -> Text,
        amount_fen -> BigInt,
        schedule -> Text,
        state -> Text,
        version -> BigInt,
        revision -> Integer,
        signed_revision -> Nullable<Integer>,
        signed_on -> Nullable<Text>,
        signed_amount_fen -> Nullable<BigInt>,
        received_fen -> BigInt,
        reviewed_by -> Nullable<BigInt>,
        review_comment -> Nullable<Text>,
        created_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    contract_lines (id) {
        id -> BigInt,
        contract_id -> BigInt,
        position -> Integer,
        due_on -> Text,
        amount_fen -> BigInt,
        label -> Text,
        received_fen -> BigInt,
    }
}

diesel::table! {
    contract_payments (id) {
        id -> BigInt,
        contract_id -> BigInt,
        received_on -> Text,
        amount_fen -> BigInt,
        method -> Text,
        reference -> Nullable<Text>,
        recorded_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    payment_allocations (id) {
        id -> BigInt,
        payment_id -> BigInt,
        line_id -> BigInt,
        amount_fen -> BigInt,
        received_on -> Text,
    }
}

diesel::table! {
    attendance (id) {
        id -> BigInt,
        user_id -> BigInt,
        date -> Text,
        kind -> Text,
        note -> Nullable<Text>,
        recorded_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    trainings (id) {
        id -> BigInt,
        date -> Text,
        topic -> Text,
        kind -> Text,
        trainer_id -> BigInt,
        notes -> Nullable<Text>,
        version -> BigInt,
        created_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    training_attendees (training_id, user_id) {
        training_id -> BigInt,
        user_id -> BigInt,
    }
}

diesel::table! {
    training_assessments (id) {
        id -> BigInt,
        training_id -> BigInt,
        user_id -> BigInt,
        passed -> Bool,
        score -> Nullable<Integer>,
        note -> Nullable<Text>,
        assessed_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    rubrics (id) {
        id -> BigInt,
        role -> Text,
        version -> BigInt,
        effective_from -> Text,
        items_json -> Text,
        created_by -> Nullable<BigInt>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    scores (id) {
        id -> BigInt,
        user_id -> BigInt,
        month -> Text,
        role -> Text,
        state -> Text,
        version -> BigInt,
        rubric_version -> BigInt,
        daily_work -> BigInt,
        attendance -> BigInt,
        total -> BigInt,
        items_json -> Text,
        discussion_note -> Nullable<Text>,
        dispute_reason -> Nullable<Text>,
        finalized_by -> Nullable<BigInt>,
        finalized_at -> Nullable<Timestamp>,
        created_by -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    improvement_plans (id) {
        id -> BigInt,
        user_id -> BigInt,
        kind -> Text,
        goals -> Text,
        review_on -> Text,
        state -> Text,
        outcome -> Nullable<Text>,
        outcome_note -> Nullable<Text>,
        opened_by -> BigInt,
        closed_by -> Nullable<BigInt>,
        closed_at -> Nullable<Timestamp>,
        version -> BigInt,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    pay_grades (id) {
        id -> BigInt,
        user_id -> BigInt,
        base_fen -> BigInt,
        performance_fen -> BigInt,
        effective_from -> Text,
        created_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    pay_settings (id) {
        id -> BigInt,
        coefficient_cap -> Nullable<BigInt>,
        updated_by -> Nullable<BigInt>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    commission_rules (id) {
        id -> BigInt,
        effective_from -> Text,
        within_target_permille -> BigInt,
        above_target_permille -> BigInt,
        settle_by_collection -> Bool,
        created_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    pay_items (id) {
        id -> BigInt,
        user_id -> BigInt,
        month -> Text,
        kind -> Text,
        amount_fen -> BigInt,
        note -> Text,
        created_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    branch_profits (id) {
        id -> BigInt,
        team_id -> BigInt,
        month -> Text,
        profit_fen -> BigInt,
        manager_permille -> BigInt,
        finance_lead_id -> Nullable<BigInt>,
        created_by -> BigInt,
        created_at -> Timestamp,
    }
}

diesel::table! {
    leavings (id) {
        id -> BigInt,
        user_id -> BigInt,
        leaving_on -> Text,
        reason -> Text,
        state -> Text,
        version -> BigInt,
        property_json -> Text,
        advances_settlement -> Nullable<Text>,
        created_by -> BigInt,
        closed_by -> Nullable<BigInt>,
        closed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    api_keys (id) {
        id -> BigInt,
        name -> Text,
        prefix -> Text,
        key_hash -> Text,
        owner_id -> BigInt,
        scopes_json -> Text,
        created_by -> BigInt,
        created_at -> Timestamp,
        expires_at -> Nullable<Timestamp>,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        revoked_by -> Nullable<BigInt>,
        revoked_reason -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(api_keys -> users (owner_id));

diesel::table! {
    jobs (id) {
        id -> BigInt,
        kind -> Text,
        run_key -> Text,
        payload_json -> Text,
        state -> Text,
        attempts -> Integer,
        max_attempts -> Integer,
        run_at -> Timestamp,
        locked_by -> Nullable<Text>,
        locked_until -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        done_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    notifications (id) {
        id -> BigInt,
        user_id -> BigInt,
        kind -> Text,
        title -> Text,
        body -> Nullable<Text>,
        link -> Nullable<Text>,
        entity_type -> Nullable<Text>,
        entity_id -> Nullable<BigInt>,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(notifications -> users (user_id));
diesel::joinable!(webhooks -> users (owner_id));
diesel::joinable!(webhook_deliveries -> webhooks (webhook_id));
diesel::joinable!(user_roles -> users (user_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));
diesel::joinable!(users -> teams (team_id));
diesel::joinable!(clients -> users (owner_id));
diesel::joinable!(client_history -> clients (client_id));
diesel::joinable!(follow_ups -> clients (client_id));
diesel::joinable!(cases -> clients (client_id));
diesel::joinable!(client_satisfaction -> clients (client_id));
diesel::joinable!(client_search_keys -> clients (client_id));
diesel::joinable!(plans -> users (owner_id));
diesel::joinable!(plan_revisions -> plans (plan_id));
diesel::joinable!(visits -> plans (plan_id));
diesel::joinable!(visits -> clients (client_id));
diesel::joinable!(spot_checks -> visits (visit_id));
diesel::joinable!(document_history -> users (actor_id));
diesel::joinable!(budgets -> users (owner_id));
diesel::joinable!(budget_supplements -> users (owner_id));
diesel::joinable!(plan_budgets -> plans (plan_id));
diesel::joinable!(advances -> plans (plan_id));
diesel::joinable!(advances -> users (owner_id));
diesel::joinable!(advance_repayments -> advances (advance_id));
diesel::joinable!(expense_claims -> users (owner_id));
diesel::joinable!(expense_claim_lines -> expense_claims (claim_id));
diesel::joinable!(claim_line_receipts -> expense_claim_lines (line_id));
diesel::joinable!(claim_line_receipts -> receipts (receipt_id));
diesel::joinable!(projects -> clients (client_id));
diesel::joinable!(contracts -> clients (client_id));
diesel::joinable!(contracts -> projects (project_id));
diesel::joinable!(contract_lines -> contracts (contract_id));
diesel::joinable!(contract_payments -> contracts (contract_id));
diesel::joinable!(payment_allocations -> contract_payments (payment_id));
diesel::joinable!(payment_allocations -> contract_lines (line_id));
diesel::joinable!(attendance -> users (user_id));
diesel::joinable!(training_attendees -> trainings (training_id));
diesel::joinable!(training_attendees -> users (user_id));
diesel::joinable!(training_assessments -> trainings (training_id));
diesel::joinable!(scores -> users (user_id));
diesel::joinable!(pay_grades -> users (user_id));
diesel::joinable!(pay_items -> users (user_id));
diesel::joinable!(improvement_plans -> users (user_id));
diesel::joinable!(leavings -> users (user_id));
diesel::joinable!(branch_profits -> teams (team_id));

diesel::allow_tables_to_appear_in_same_query!(
    users,
    teams,
    user_roles,
    sessions,
    refresh_tokens,
    login_failures,
    audit_events,
    webhooks,
    webhook_deliveries,
    clients,
    client_history,
    follow_ups,
    cases,
    client_satisfaction,
    client_search_keys,
    handovers,
    plans,
    plan_revisions,
    visits,
    spot_checks,
    daily_logs,
    weekly_reports,
    monthly_reports,
    document_history,
    instance_secrets,
    expense_standards,
    budgets,
    budget_supplements,
    plan_budgets,
    advances,
    advance_repayments,
    receipts,
    expense_claims,
    expense_claim_lines,
    claim_line_receipts,
    idempotency_keys,
    projects,
    contracts,
    contract_lines,
    contract_payments,
    payment_allocations,
    attendance,
    trainings,
    training_attendees,
    training_assessments,
    rubrics,
    scores,
    improvement_plans,
    pay_grades,
    pay_settings,
    commission_rules,
    pay_items,
    branch_profits,
    leavings,
    api_keys,
    jobs,
    notifications,
);

diesel::table! {
    document_history (id) {
        id -> BigInt,
        document_type -> Text,
        document_id -> BigInt,
        action -> Text,
        from_state -> Text,
        to_state -> Text,
        actor_id -> Nullable<BigInt>,
        comment -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    instance_secrets (name) {
        name -> Text,
        value -> Text,
        created_at -> Timestamp,
    }
}
