// Package metrics is the one table of the CloudWatch metrics the library
// reads (namespaces, metric names and dimension names exactly as AWS
// documents them, each with its doc link), and the only way the constructs
// make a cloudwatch.Metric: New refuses a metric or a dimension the table
// does not hold, so a misspelled dimension fails at synth instead of making
// an alarm that watches nothing (CloudWatch accepts any name and reports
// INSUFFICIENT_DATA for ever).
package metrics

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	cloudwatch "github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/jsii-runtime-go"
)

// Def is one metric as AWS documents it.
type Def struct {
	// Namespace and Name, such as AWS/PrivateLinkServices and
	// ActiveConnections.
	Namespace, Name string
	// DimensionSets AWS publishes the metric with, each a set of dimension
	// names in AWS's spelling ("Service Id", "VPC Endpoint Id"). A metric
	// made here names exactly one of them.
	DimensionSets [][]string
	// Statistic that makes sense of it (Sum, Average, Maximum, Minimum, p99).
	Statistic string
	// Unit AWS publishes it in, as documented.
	Unit string
	// Doc is the page of AWS's documentation that lists it.
	Doc string
	// Note says what AWS does not publish, or when (cross-region
	// consumers, for example), and anything an operator must know.
	Note string
}

// key identifies a metric in the table.
func key(namespace, name string) string { return namespace + " " + name }

var byKey = map[string]Def{}

// register adds rows to the table; each file of rows calls it in init.
func register(rows ...Def) {
	for _, d := range rows {
		k := key(d.Namespace, d.Name)
		if _, dup := byKey[k]; dup {
			panic("metrics: " + k + " is in the table twice")
		}
		byKey[k] = d
	}
}

// Table is every row, sorted by namespace and name.
func Table() []Def {
	var out []Def
	for _, d := range byKey {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return key(out[i].Namespace, out[i].Name) < key(out[j].Namespace, out[j].Name) })
	return out
}

// Lookup returns the row of a metric, and whether the table has it.
func Lookup(namespace, name string) (Def, bool) {
	d, ok := byKey[key(namespace, name)]
	return d, ok
}

// Allows reports whether the table has the metric with exactly these
// dimension names, and if not, why.
func Allows(namespace, name string, dimensions []string) error {
	d, ok := Lookup(namespace, name)
	if !ok {
		return fmt.Errorf("metric %s %s is not in the table (constructs/internal/metrics)", namespace, name)
	}
	got := slices.Clone(dimensions)
	sort.Strings(got)
	for _, set := range d.DimensionSets {
		want := slices.Clone(set)
		sort.Strings(want)
		if slices.Equal(got, want) {
			return nil
		}
	}
	var sets []string
	for _, set := range d.DimensionSets {
		sets = append(sets, "["+strings.Join(set, ", ")+"]")
	}
	return fmt.Errorf("metric %s %s with dimensions [%s]: AWS publishes it with %s only (%s)", namespace, name, strings.Join(got, ", "), strings.Join(sets, " or "), d.Doc)
}

// Options of New beyond the metric and its dimensions.
type Options struct {
	// Statistic, when not the table's.
	Statistic string
	// Period of the metric.
	// Default: 1 minute.
	Period awscdk.Duration
	// Label on dashboards.
	Label string
}

// New makes the metric namespace/name with these dimensions (names as AWS
// spells them, values usually tokens). It panics when the table does not
// have the metric with exactly these dimension names: a library bug, which
// the tests catch.
func New(namespace, name string, dimensions map[string]*string, o *Options) cloudwatch.Metric {
	var names []string
	dims := map[string]*string{}
	for k, v := range dimensions {
		names = append(names, k)
		dims[k] = v
	}
	if err := Allows(namespace, name, names); err != nil {
		panic(err)
	}
	d, _ := Lookup(namespace, name)
	if o == nil {
		o = &Options{}
	}
	statistic := d.Statistic
	if o.Statistic != "" {
		statistic = o.Statistic
	}
	period := o.Period
	if period == nil {
		period = awscdk.Duration_Minutes(jsii.Number(1))
	}
	props := &cloudwatch.MetricProps{
		Namespace:     jsii.String(namespace),
		MetricName:    jsii.String(name),
		DimensionsMap: &dims,
		Statistic:     jsii.String(statistic),
		Period:        period,
	}
	if o.Label != "" {
		props.Label = jsii.String(o.Label)
	}
	return cloudwatch.NewMetric(props)
}
