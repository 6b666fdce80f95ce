<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>DiffView</name>
    <message numerus="yes">
        <source>%n line(s) differ</source>
        <translation>
            <numerusform>%n line differs</numerusform>
            <numerusform>%n lines differ</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryWords</name>
    <message numerus="yes">
        <source>%Ln call(s)</source>
        <translation>
            <numerusform>%Ln call</numerusform>
            <numerusform>%Ln calls</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Showing {shown} of %Ln call(s)</source>
        <translation>
            <numerusform>Showing {shown} of %Ln call</numerusform>
            <numerusform>Showing {shown} of %Ln calls</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete these %Ln calls from the history? This cannot be undone.</source>
        <translation>
            <numerusform>Delete these %Ln calls from the history? This cannot be undone.</numerusform>
            <numerusform>Delete these %Ln calls from the history? This cannot be undone.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted %Ln call(s).</source>
        <translation>
            <numerusform>Deleted %Ln call.</numerusform>
            <numerusform>Deleted %Ln calls.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Retention applied: removed %Ln older call(s).</source>
        <translation>
            <numerusform>Retention applied: removed %Ln older call.</numerusform>
            <numerusform>Retention applied: removed %Ln older calls.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>InFlightList</name>
    <message numerus="yes">
        <source>%n call(s) in flight (scroll for all):</source>
        <translation>
            <numerusform>%n call in flight (scroll for all):</numerusform>
            <numerusform>%n calls in flight (scroll for all):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n call(s) in flight</source>
        <translation>
            <numerusform>%n call in flight</numerusform>
            <numerusform>%n calls in flight</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PresetVariablesDialog</name>
    <message numerus="yes">
        <source>“{name}” asks for %n value(s) each time it is used:</source>
        <translation>
            <numerusform>“{name}” asks for %n value each time it is used:</numerusform>
            <numerusform>“{name}” asks for %n values each time it is used:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PresetWords</name>
    <message numerus="yes">
        <source>%n variable(s)</source>
        <translation>
            <numerusform>%n variable</numerusform>
            <numerusform>%n variables</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Asks for %n variable(s): {names}.</source>
        <translation>
            <numerusform>Asks for %n variable: {names}.</numerusform>
            <numerusform>Asks for %n variables: {names}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PresetsPanel</name>
    <message numerus="yes">
        <source>%n file(s) in the presets folder cannot be used: see the greyed rows (hover for the details).</source>
        <translation>
            <numerusform>%n file in the presets folder cannot be used: see the greyed rows (hover for the details).</numerusform>
            <numerusform>%n files in the presets folder cannot be used: see the greyed rows (hover for the details).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n preset(s)</source>
        <translation>
            <numerusform>%n preset</numerusform>
            <numerusform>%n presets</numerusform>
        </translation>
    </message>
</context>
</TS>
