// Contract Fulfilment Status: contracts counted by fulfilment status, labels in the user's
// language (a "Group By" chart would show the stored English values).
frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Contract Fulfilment Status"] = {
	method: "neiqin.neiqin.dashboard_chart_source.contract_fulfilment_status.contract_fulfilment_status.get",
	filters: [],
};
