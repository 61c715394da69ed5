package metrics

import (
	"fmt"
	"sort"
)

// CheckTemplate returns a problem for every CloudWatch alarm of a
// synthesized template (its JSON, decoded) whose metric, or any metric of
// its math expression, is not in the table with exactly its dimension names.
func CheckTemplate(template map[string]any) []error {
	resources, _ := template["Resources"].(map[string]any)
	var ids []string
	for id := range resources {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var errs []error
	for _, id := range ids {
		r, _ := resources[id].(map[string]any)
		if r["Type"] != "AWS::CloudWatch::Alarm" {
			continue
		}
		props, _ := r["Properties"].(map[string]any)
		check := func(namespace, name any, dimensions any) {
			ns, _ := namespace.(string)
			n, _ := name.(string)
			var dims []string
			list, _ := dimensions.([]any)
			for _, d := range list {
				m, _ := d.(map[string]any)
				if s, ok := m["Name"].(string); ok {
					dims = append(dims, s)
				}
			}
			if err := Allows(ns, n, dims); err != nil {
				errs = append(errs, fmt.Errorf("alarm %s: %w", id, err))
			}
		}
		if name, ok := props["MetricName"]; ok {
			check(props["Namespace"], name, props["Dimensions"])
		}
		metrics, _ := props["Metrics"].([]any)
		for _, q := range metrics {
			m, _ := q.(map[string]any)
			stat, ok := m["MetricStat"].(map[string]any)
			if !ok {
				continue // an expression
			}
			metric, _ := stat["Metric"].(map[string]any)
			check(metric["Namespace"], metric["MetricName"], metric["Dimensions"])
		}
	}
	return errs
}
