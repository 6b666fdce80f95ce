<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
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
</TS>
